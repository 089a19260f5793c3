/* pylifecycle.h - starting and stopping the runtime. */
#ifndef Py_PYLIFECYCLE_H
#define Py_PYLIFECYCLE_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(void) Py_Initialize(void);
PyAPI_FUNC(void) Py_InitializeEx(int);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03060000
/* 0 on success, -1 if finalization hit errors. */
PyAPI_FUNC(int) Py_FinalizeEx(void);
#endif
PyAPI_FUNC(int) Py_IsInitialized(void);
/* Registers a function for Py_FinalizeEx to call once the runtime is
   down (the last registered first); -1 when 32 are registered. */
PyAPI_FUNC(int) Py_AtExit(void (*func)(void));

/* A version string starting with "3.12.1". */
PyAPI_FUNC(const char *) Py_GetVersion(void);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030b0000
/* The runtime's version as PY_VERSION_HEX. */
PyAPI_DATA(const unsigned long) Py_Version;
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYLIFECYCLE_H */
