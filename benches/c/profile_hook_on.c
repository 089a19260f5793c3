/* profile_hook_on -- a Python call+return from C under a no-op C profile hook (profile_hook.h). */
#define BENCH_NAME "profile_hook_on"
#define PH_HOOK 1
#include "profile_hook.h"
