/* Python.h - Ophis's C API, compatible with CPython 3.12's.
 *
 * The only header C code should include.  Each top-level header holds the
 * limited API; its cpython/ counterpart, included unless Py_LIMITED_API is
 * defined, holds the rest.
 */
#ifndef Py_PYTHON_H
#define Py_PYTHON_H

#include "patchlevel.h"
#include "pyconfig.h"           /* before any system header */

/* Standard headers code gets from CPython's Python.h.  Like CPython, the
   limited API from 3.11 on no longer pulls in the first four. */
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  include <stdlib.h>
#  include <stdio.h>
#  include <errno.h>
#  include <string.h>
#endif
#include <unistd.h>
#include <stddef.h>
#include <stdarg.h>
#include <assert.h>
#include <wchar.h>

#include "pyport.h"
#include "pymacro.h"
#include "pymem.h"
#include "pytypedefs.h"
#include "pyhash.h"
#include "pybuffer.h"
#include "object.h"
#include "objimpl.h"
#include "typeslots.h"
#include "bytesobject.h"
#include "bytearrayobject.h"
#include "memoryobject.h"
#include "rangeobject.h"
#include "unicodeobject.h"
#include "longobject.h"
#ifndef Py_LIMITED_API
#  include "cpython/longintrepr.h"
#endif
#include "boolobject.h"
#include "floatobject.h"
#include "complexobject.h"
#include "tupleobject.h"
#include "structseq.h"
#include "listobject.h"
#include "dictobject.h"
#include "setobject.h"
#include "methodobject.h"
#include "moduleobject.h"
#include "sliceobject.h"
#include "iterobject.h"
#include "pystate.h"
#include "pythread.h"
#include "descrobject.h"
#include "weakrefobject.h"
#include "pyerrors.h"
#include "intrcheck.h"
#include "pyframe.h"
#include "traceback.h"
#include "modsupport.h"
#include "pylifecycle.h"
#include "ceval.h"
#include "sysmodule.h"
#include "import.h"
#include "compile.h"
#include "pythonrun.h"
#include "warnings.h"
#include "abstract.h"
#include "pycapsule.h"
#include "genericaliasobject.h"
#ifndef Py_LIMITED_API
#  include "cpython/cellobject.h"
#  include "cpython/classobject.h"
#  include "cpython/genobject.h"
#  include "cpython/code.h"
#  include "cpython/funcobject.h"
#endif

#endif /* !Py_PYTHON_H */
