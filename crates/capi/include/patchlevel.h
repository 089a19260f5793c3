/* patchlevel.h - the CPython version Ophis implements, and Ophis's own. */
#ifndef Py_PATCHLEVEL_H
#define Py_PATCHLEVEL_H

/* Release levels, as encoded in PY_VERSION_HEX. */
#define PY_RELEASE_LEVEL_ALPHA  0xA
#define PY_RELEASE_LEVEL_BETA   0xB
#define PY_RELEASE_LEVEL_GAMMA  0xC     /* release candidate */
#define PY_RELEASE_LEVEL_FINAL  0xF

/* Ophis presents itself as CPython 3.12.1. */
#define PY_MAJOR_VERSION        3
#define PY_MINOR_VERSION        12
#define PY_MICRO_VERSION        1
#define PY_RELEASE_LEVEL        PY_RELEASE_LEVEL_FINAL
#define PY_RELEASE_SERIAL       0
#define PY_VERSION              "3.12.1"

/* 0xMMmmuuLS: major, minor, micro, level, serial (here 0x030C01F0). */
#define PY_VERSION_HEX ((PY_MAJOR_VERSION << 24) | (PY_MINOR_VERSION << 16) \
                        | (PY_MICRO_VERSION << 8) | (PY_RELEASE_LEVEL << 4) \
                        | (PY_RELEASE_SERIAL << 0))

/* Version of the Ophis runtime providing this API. */
#define OPHIS_VERSION           "0.1.0"

#endif /* !Py_PATCHLEVEL_H */
