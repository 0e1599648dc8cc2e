/* Sandbox escape attempts from inside the directory argv[1]. Each attempt prints "<name>: denied" or
 * "<name>: READ <first line>". Natively (no sandbox) several attempts succeed, which proves they are real
 * escapes; under Wabric with `--dir HOST::/sandbox` every one must be denied and no host secret may appear.
 * The test puts a file "secret" next to (outside) the mapped directory and symlinks inside it that point out. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char path[4096];

static void try_read(const char* name, const char* file)
{
    int fd = open(file, O_RDONLY);
    if (fd < 0)
    {
        printf("%s: denied\n", name);
        return;
    }
    char buffer[128];
    ssize_t got = read(fd, buffer, sizeof(buffer) - 1);
    close(fd);
    if (got < 0)
    {
        printf("%s: denied\n", name);
        return;
    }
    buffer[got] = '\0';
    char* newline = strchr(buffer, '\n');
    if (newline != NULL)
    {
        *newline = '\0';
    }
    printf("%s: READ %s\n", name, buffer);
}

static const char* in(const char* dir, const char* rest)
{
    snprintf(path, sizeof(path), "%s/%s", dir, rest);
    return path;
}

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        fprintf(stderr, "usage: sandbox_escape DIR\n");
        return 64;
    }
    const char* dir = argv[1];
    try_read("inside", in(dir, "inside.txt"));
    try_read("dotdot", in(dir, "../secret"));
    try_read("dotdot_deep", in(dir, "sub/../../secret"));
    try_read("etc_passwd", "/etc/passwd");
    try_read("relative_dotdot", "../secret");
    try_read("symlink_relative", in(dir, "link_relative"));
    try_read("symlink_absolute", in(dir, "link_absolute"));
    try_read("symlinked_dir", in(dir, "link_dir/secret"));

    /* A symlink the guest makes itself, then follows. */
    char target[4096];
    snprintf(target, sizeof(target), "%s", "../secret");
    int made = symlink(target, in(dir, "made_link"));
    try_read("guest_symlink", in(dir, "made_link"));
    if (made == 0)
    {
        unlink(in(dir, "made_link"));
    }

    /* Writing outside: create a file next to the secret. */
    int fd = open(in(dir, "../planted"), O_CREAT | O_WRONLY, 0644);
    printf("plant_outside: %s\n", fd < 0 ? "denied" : "CREATED");
    if (fd >= 0)
    {
        close(fd);
    }
    return 0;
}
