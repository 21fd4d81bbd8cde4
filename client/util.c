/* util.c: error printing, file helpers and policy loading for the client. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("cvdlog: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_usage(const char *usage, const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "cvdlog: %s\n", msg);
	fputs(usage, stderr);
	return 2;
}

int cli_read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return cli_error("%s: %s", path, strerror(errno)), -errno;
	buf = malloc(max + 1);
	if (buf == NULL) {
		fclose(f);
		return CVD_ENOMEM;
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return cli_error("%s: read error", path), CVD_EIO;
	}
	fclose(f);
	if (n > max) {
		free(buf);
		return cli_error("%s: larger than %zu bytes", path, max), CVD_ETOOLARGE;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int cli_write_file(const char *path, const void *buf, size_t len, int mode)
{
	char tmp[4096];
	const char *p = buf;
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return cli_error("%s: %s", tmp, strerror(errno)), -errno;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0) {
		unlink(tmp);
		return cli_error("%s: %s", path, strerror(-rc)), rc;
	}
	return 0;
}

int cli_load_policy(const char *path, struct policy *p)
{
	char err[512];

	if (path == NULL)
		path = getenv("CVDLOG_POLICY");
	if (path == NULL || path[0] == '\0')
		return 1;
	if (policy_load(path, p, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		return -1;
	}
	return 0;
}
