/* dw_insdel_8 -- PyDict_SetItem of a new key + PyDict_DelItem on an 8-key dict watched by 8 dict watcher(s) (dict_watch.h). */
#define BENCH_NAME "dw_insdel_8"
#define DW_WATCHERS 8
#define DW_OP_INSDEL
#include "dict_watch.h"
