/* profile_hook_off -- a Python call+return from C, no profile hook (profile_hook.h). */
#define BENCH_NAME "profile_hook_off"
#define PH_HOOK 0
#include "profile_hook.h"
