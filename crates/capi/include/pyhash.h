/* pyhash.h - hashing helpers outside the object protocol. */
#ifndef Py_PYHASH_H
#define Py_PYHASH_H
#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
/* The hash bytes(src[:len]) has (0 for no data). */
PyAPI_FUNC(Py_hash_t) _Py_HashBytes(const void *src, Py_ssize_t len);
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_PYHASH_H */
