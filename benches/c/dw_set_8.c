/* dw_set_8 -- PyDict_SetItem overwrite on an 8-key dict watched by 8 dict watcher(s) (dict_watch.h). */
#define BENCH_NAME "dw_set_8"
#define DW_WATCHERS 8
#define DW_OP_SET
#include "dict_watch.h"
