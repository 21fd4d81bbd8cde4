/* error.c: names for cvdlog's error codes (see error.h). */
#include "error.h"

#include <string.h>

const char *cvd_strerror(int err)
{
	switch (err) {
	case CVD_OK: return "ok";
	case CVD_EINVAL: return "malformed input";
	case CVD_EBADSIG: return "signature does not verify";
	case CVD_EUNAUTH: return "unauthorized";
	case CVD_ETRANSITION: return "invalid transition";
	case CVD_EDUP: return "duplicate";
	case CVD_ETOOLARGE: return "too large";
	case CVD_ERANGE: return "out of range";
	case CVD_ECORRUPT: return "corrupt data";
	case CVD_ENOMEM: return "out of memory";
	case CVD_EIO: return "I/O error";
	case CVD_EQUORUM: return "not enough trusted signatures";
	case CVD_EPROOF: return "proof does not verify";
	case CVD_EORIGIN: return "wrong origin";
	case CVD_ENOTFOUND: return "not found";
	case CVD_EBUSY: return "busy";
	case CVD_EINTERNAL: return "internal error";
	case CVD_EINCONSISTENT: return "inconsistent views of the log";
	default:
		if (err < 0 && err > -1000)
			return strerror(-err);
		return "unknown error";
	}
}
