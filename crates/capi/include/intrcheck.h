#ifndef Py_INTRCHECK_H
#define Py_INTRCHECK_H
#ifdef __cplusplus
extern "C" {
#endif

/* Whether SIGINT arrived (main thread); the arrival is forgotten. */
PyAPI_FUNC(int) PyOS_InterruptOccurred(void);

#ifdef __cplusplus
}
#endif
#endif /* !Py_INTRCHECK_H */
