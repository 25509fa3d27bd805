/*
 * mk8s-setuser: runs a command as another user inside a container.
 *
 *   mk8s-setuser UID GID GROUPS COMMAND [ARG...]
 *
 * GROUPS is a comma-separated list of supplementary group ids, or "-" for none.
 * It sets the supplementary groups, then the gid, then the uid (in that order: once the
 * uid is not 0 the others can no longer be changed), and execs COMMAND, looked up in PATH
 * as execvp does. `ctr containers create` (containerd 1.6) has no --user flag, so the node
 * agent bind-mounts this static binary read-only into the container and puts it in front
 * of the container's command when a pod asks for runAsUser, runAsGroup or
 * supplementalGroups. On failure it writes one line naming what failed to stderr and exits
 * 126 (bad arguments, or the identity could not be set) or 127 (COMMAND not found).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 64

/* One line on stderr naming what failed, the value, and the system's reason when there is one. */
static int fail(int code, const char *what, const char *value, int err) {
  fprintf(stderr, "mk8s-setuser: %s \"%s\"%s%s\n", what, value, err ? ": " : "", err ? strerror(err) : "");
  return code;
}

/* Parses a decimal id; 0 on success. */
static int parse_id(const char *text, unsigned long *out) {
  char *end = NULL;
  if (text[0] < '0' || text[0] > '9') return -1;
  errno = 0;
  *out = strtoul(text, &end, 10);
  if (errno || *end != '\0' || *out > UINT_MAX - 1) return -1;
  return 0;
}

/* Parses "-" or "g1,g2,..." into groups; returns the count or -1. */
static int parse_groups(const char *text, gid_t *groups) {
  if (strcmp(text, "-") == 0) return 0;
  char copy[1024];
  if (strlen(text) >= sizeof copy) return -1;
  strcpy(copy, text);
  int n = 0;
  for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
    unsigned long id;
    if (n == MAX_GROUPS || parse_id(part, &id) != 0) return -1;
    groups[n++] = (gid_t)id;
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: mk8s-setuser UID GID GROUPS COMMAND [ARG...]  (GROUPS: comma-separated gids, or - for none)\n");
    return 126;
  }
  unsigned long uid, gid;
  gid_t groups[MAX_GROUPS];
  if (parse_id(argv[1], &uid) != 0) return fail(126, "invalid uid", argv[1], 0);
  if (parse_id(argv[2], &gid) != 0) return fail(126, "invalid gid", argv[2], 0);
  int count = parse_groups(argv[3], groups);
  if (count < 0) return fail(126, "invalid supplementary groups", argv[3], 0);
  if (setgroups((size_t)count, groups) != 0) return fail(126, "cannot set supplementary groups to", argv[3], errno);
  if (setgid((gid_t)gid) != 0) return fail(126, "cannot set gid to", argv[2], errno);
  if (setuid((uid_t)uid) != 0) return fail(126, "cannot set uid to", argv[1], errno);
  execvp(argv[4], &argv[4]);
  int err = errno;
  return fail(err == ENOENT ? 127 : 126, "cannot run", argv[4], err);
}
