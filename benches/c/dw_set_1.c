/* dw_set_1 -- PyDict_SetItem overwrite on an 8-key dict watched by 1 dict watcher(s) (dict_watch.h). */
#define BENCH_NAME "dw_set_1"
#define DW_WATCHERS 1
#define DW_OP_SET
#include "dict_watch.h"
