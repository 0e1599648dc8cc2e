/* Differential test: file I/O inside the directory argv[1] (a --dir mapping under Wabric, a fresh temporary
 * directory natively): create, write, append, read back, list, stat, rename, unlink, mkdir, rmdir, and the errors
 * for a missing file and an existing directory. Errors print errno names, not strerror text (libcs word them
 * differently). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[4096];

static const char* at(const char* dir, const char* name)
{
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

static const char* errno_name(int error)
{
    switch (error)
    {
        case ENOENT: return "ENOENT";
        case EEXIST: return "EEXIST";
        case ENOTEMPTY: return "ENOTEMPTY";
        case EISDIR: return "EISDIR";
        case ENOTDIR: return "ENOTDIR";
        case EACCES: return "EACCES";
        case EPERM: return "EPERM";
        default: return "other";
    }
}

/* Prints a call's result, with errno's name when it failed; errno is read only after the call returned. */
static void report(const char* name, int result)
{
    if (result < 0)
    {
        printf("%s=%d %s\n", name, result, errno_name(errno));
    }
    else
    {
        printf("%s=%d\n", name, result);
    }
}

static int compare(const void* a, const void* b)
{
    return strcmp(*(char* const*)a, *(char* const*)b);
}

static void list(const char* dir, const char* label)
{
    DIR* d = opendir(dir);
    if (d == NULL)
    {
        printf("%s: opendir failed %s\n", label, errno_name(errno));
        return;
    }
    char* names[64];
    int count = 0;
    struct dirent* entry;
    while ((entry = readdir(d)) != NULL && count < 64)
    {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
        {
            names[count++] = strdup(entry->d_name);
        }
    }
    closedir(d);
    qsort(names, count, sizeof(char*), compare);
    printf("%s:", label);
    for (int i = 0; i < count; i++)
    {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        fprintf(stderr, "usage: files DIR\n");
        return 64;
    }
    const char* dir = argv[1];
    char sub[4096];
    snprintf(sub, sizeof(sub), "%s/sub", dir);

    FILE* f = fopen(at(dir, "hello.txt"), "w");
    if (f == NULL)
    {
        printf("create failed %s\n", errno_name(errno));
        return 1;
    }
    for (int i = 0; i < 100; i++)
    {
        fprintf(f, "line %d\n", i);
    }
    fclose(f);

    f = fopen(at(dir, "hello.txt"), "a");
    fputs("appended\n", f);
    fclose(f);

    struct stat st;
    stat(at(dir, "hello.txt"), &st);
    printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode) ? 1 : 0);

    f = fopen(at(dir, "hello.txt"), "r");
    char line[256];
    int lines = 0;
    long sum = 0;
    while (fgets(line, sizeof(line), f) != NULL)
    {
        lines++;
        for (char* p = line; *p; p++)
        {
            sum += (unsigned char)*p;
        }
    }
    fseek(f, 5, SEEK_SET);
    int c = fgetc(f);
    printf("lines=%d sum=%ld char@5=%c tell=%ld\n", lines, sum, c, ftell(f));
    fclose(f);

    int fd = open(at(dir, "raw.bin"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++)
    {
        bytes[i] = (unsigned char)i;
    }
    printf("write=%zd\n", write(fd, bytes, sizeof(bytes)));
    close(fd);
    fd = open(at(dir, "raw.bin"), O_RDONLY);
    unsigned char back[300];
    ssize_t got = read(fd, back, sizeof(back));
    printf("read=%zd same=%d\n", got, memcmp(bytes, back, 256) == 0 ? 1 : 0);
    printf("lseek_end=%lld\n", (long long)lseek(fd, 0, SEEK_END));
    close(fd);

    printf("mkdir=%d\n", mkdir(sub, 0755));
    report("mkdir_again", mkdir(sub, 0755));
    f = fopen(at(sub, "inner.txt"), "w");
    fputs("inner\n", f);
    fclose(f);
    list(dir, "top");
    list(sub, "sub");

    char from[4096];
    snprintf(from, sizeof(from), "%s/hello.txt", dir);
    report("rename", rename(from, at(sub, "moved.txt")));
    list(dir, "top_after_rename");
    list(sub, "sub_after_rename");
    report("rmdir_nonempty", rmdir(sub));
    report("unlink", unlink(at(sub, "moved.txt")));
    report("unlink_inner", unlink(at(sub, "inner.txt")));
    report("unlink_missing", unlink(at(sub, "moved.txt")));
    report("open_missing", open(at(dir, "missing.txt"), O_RDONLY) < 0 ? -1 : 0);
    report("rmdir", rmdir(sub));
    list(dir, "final");
    return 0;
}
