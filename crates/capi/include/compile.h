/* compile.h - the start symbols of the grammar, as Py_CompileString takes
   them. */
#ifndef Py_COMPILE_H
#define Py_COMPILE_H

#define Py_single_input 256
#define Py_file_input 257
#define Py_eval_input 258
#define Py_func_type_input 345

#endif /* !Py_COMPILE_H */
