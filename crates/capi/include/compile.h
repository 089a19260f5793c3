/* compile.h - the start symbols of the compiler. */
#ifndef Py_COMPILE_H
#define Py_COMPILE_H
#ifdef __cplusplus
extern "C" {
#endif

#define Py_single_input 256
#define Py_file_input 257
#define Py_eval_input 258
#define Py_func_type_input 345

#ifndef Py_LIMITED_API
#  include "cpython/compile.h"
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_COMPILE_H */
