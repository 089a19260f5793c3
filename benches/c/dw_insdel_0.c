/* dw_insdel_0 -- PyDict_SetItem of a new key + PyDict_DelItem on an 8-key dict watched by 0 dict watcher(s) (dict_watch.h). */
#define BENCH_NAME "dw_insdel_0"
#define DW_WATCHERS 0
#define DW_OP_INSDEL
#include "dict_watch.h"
