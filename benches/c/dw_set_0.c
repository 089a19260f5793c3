/* dw_set_0 -- PyDict_SetItem overwrite on an 8-key dict watched by 0 dict watcher(s) (dict_watch.h). */
#define BENCH_NAME "dw_set_0"
#define DW_WATCHERS 0
#define DW_OP_SET
#include "dict_watch.h"
