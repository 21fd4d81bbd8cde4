/*
 * error.h: cvdlog's error codes, shared by every module.
 *
 * Every function that can fail returns 0 or one of these negative codes.
 * System errors pass through as -errno (always > -1000), so cvd_strerror()
 * can name both. The codes mirror the wire protocol's typed errors
 * (DESIGN.md section 7) so the node can answer with the right type.
 */
#ifndef CVD_ERROR_H
#define CVD_ERROR_H

enum cvd_error {
	CVD_OK = 0,
	CVD_EINVAL = -1001,      /* malformed input: bad format, bad field */
	CVD_EBADSIG = -1002,     /* a signature does not verify */
	CVD_EUNAUTH = -1003,     /* key not allowed to do this */
	CVD_ETRANSITION = -1004, /* event not allowed in the current state */
	CVD_EDUP = -1005,        /* already logged */
	CVD_ETOOLARGE = -1006,   /* over a configured or format size limit */
	CVD_ERANGE = -1007,      /* index or size outside the tree */
	CVD_ECORRUPT = -1008,    /* stored data fails its own checks */
	CVD_ENOMEM = -1009,
	CVD_EIO = -1010,     /* storage or network I/O failed */
	CVD_EQUORUM = -1011, /* too few trusted signatures */
	CVD_EPROOF = -1012,  /* a Merkle proof does not verify */
	CVD_EORIGIN = -1013, /* wrong log origin */
	CVD_ENOTFOUND = -1014,
	CVD_EBUSY = -1015, /* over a load limit; retry later */
	CVD_EINTERNAL = -1016,
	CVD_EINCONSISTENT = -1017, /* two views of the log disagree */
};

/* cvd_strerror returns a static string for a cvd_error or a -errno value. */
const char *cvd_strerror(int err);

#endif
