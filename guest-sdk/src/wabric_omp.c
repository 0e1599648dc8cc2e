/*
 * Wabric's guest-side OpenMP support, linked into every `wabric cc -fopenmp` program.
 *
 * Debian's wasi-libc is single-threaded: its allocator and stdio keep state without locks. The linker wraps those
 * functions (-Wl,--wrap=NAME) so that each call holds the host's libc lock, a re-entrant lock that OpenMP threads
 * wait on in the host (where a memory grow can stop them safely). The constructor tells the host which functions
 * allocate guest memory, for task structures, thread stacks and threadprivate copies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define WABRIC_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

WABRIC_IMPORT(__wabric_libc_lock) void __wabric_libc_lock(void);
WABRIC_IMPORT(__wabric_libc_unlock) void __wabric_libc_unlock(void);
WABRIC_IMPORT(__wabric_omp_register_allocator) void __wabric_omp_register_allocator(void *(*alloc)(size_t, size_t),
    void (*release)(void *));

void *__real_malloc(size_t size);
void __real_free(void *ptr);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
int __real_posix_memalign(void **out, size_t alignment, size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);
int __real_vfprintf(FILE *stream, const char *format, va_list args);
int __real_vfscanf(FILE *stream, const char *format, va_list args);
int __real_puts(const char *text);
int __real_fputs(const char *text, FILE *stream);
int __real_putchar(int c);
int __real_fputc(int c, FILE *stream);
int __real_putc(int c, FILE *stream);
size_t __real_fwrite(const void *data, size_t size, size_t count, FILE *stream);
size_t __real_fread(void *data, size_t size, size_t count, FILE *stream);
int __real_fflush(FILE *stream);
FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *stream);
char *__real_fgets(char *text, int size, FILE *stream);
int __real_fgetc(FILE *stream);
int __real_getc(FILE *stream);
void __real_perror(const char *text);

#define LOCKED(type, call) \
    __wabric_libc_lock(); \
    type result = call; \
    __wabric_libc_unlock(); \
    return result

void *__wrap_malloc(size_t size) { LOCKED(void *, __real_malloc(size)); }
void *__wrap_calloc(size_t count, size_t size) { LOCKED(void *, __real_calloc(count, size)); }
void *__wrap_realloc(void *ptr, size_t size) { LOCKED(void *, __real_realloc(ptr, size)); }
int __wrap_posix_memalign(void **out, size_t alignment, size_t size)
{
    LOCKED(int, __real_posix_memalign(out, alignment, size));
}
void *__wrap_aligned_alloc(size_t alignment, size_t size) { LOCKED(void *, __real_aligned_alloc(alignment, size)); }

void __wrap_free(void *ptr)
{
    __wabric_libc_lock();
    __real_free(ptr);
    __wabric_libc_unlock();
}

int __wrap_vfprintf(FILE *stream, const char *format, va_list args) { LOCKED(int, __real_vfprintf(stream, format, args)); }
int __wrap_vprintf(const char *format, va_list args) { LOCKED(int, __real_vfprintf(stdout, format, args)); }

int __wrap_printf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    __wabric_libc_lock();
    const int result = __real_vfprintf(stdout, format, args);
    __wabric_libc_unlock();
    va_end(args);
    return result;
}

int __wrap_fprintf(FILE *stream, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    __wabric_libc_lock();
    const int result = __real_vfprintf(stream, format, args);
    __wabric_libc_unlock();
    va_end(args);
    return result;
}

int __wrap_vfscanf(FILE *stream, const char *format, va_list args) { LOCKED(int, __real_vfscanf(stream, format, args)); }

int __wrap_fscanf(FILE *stream, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    __wabric_libc_lock();
    const int result = __real_vfscanf(stream, format, args);
    __wabric_libc_unlock();
    va_end(args);
    return result;
}

int __wrap_scanf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    __wabric_libc_lock();
    const int result = __real_vfscanf(stdin, format, args);
    __wabric_libc_unlock();
    va_end(args);
    return result;
}

int __wrap_puts(const char *text) { LOCKED(int, __real_puts(text)); }
int __wrap_fputs(const char *text, FILE *stream) { LOCKED(int, __real_fputs(text, stream)); }
int __wrap_putchar(int c) { LOCKED(int, __real_putchar(c)); }
int __wrap_fputc(int c, FILE *stream) { LOCKED(int, __real_fputc(c, stream)); }
int __wrap_putc(int c, FILE *stream) { LOCKED(int, __real_putc(c, stream)); }
size_t __wrap_fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
    LOCKED(size_t, __real_fwrite(data, size, count, stream));
}
size_t __wrap_fread(void *data, size_t size, size_t count, FILE *stream)
{
    LOCKED(size_t, __real_fread(data, size, count, stream));
}
int __wrap_fflush(FILE *stream) { LOCKED(int, __real_fflush(stream)); }
FILE *__wrap_fopen(const char *path, const char *mode) { LOCKED(FILE *, __real_fopen(path, mode)); }
int __wrap_fclose(FILE *stream) { LOCKED(int, __real_fclose(stream)); }
char *__wrap_fgets(char *text, int size, FILE *stream) { LOCKED(char *, __real_fgets(text, size, stream)); }
int __wrap_fgetc(FILE *stream) { LOCKED(int, __real_fgetc(stream)); }
int __wrap_getc(FILE *stream) { LOCKED(int, __real_getc(stream)); }

void __wrap_perror(const char *text)
{
    __wabric_libc_lock();
    __real_perror(text);
    __wabric_libc_unlock();
}

static void *wabric_omp_alloc(size_t alignment, size_t size)
{
    void *ptr = NULL;
    return __wrap_posix_memalign(&ptr, alignment, size) == 0 ? ptr : NULL;
}

__attribute__((constructor(101))) static void wabric_omp_register(void)
{
    __wabric_omp_register_allocator(wabric_omp_alloc, __wrap_free);
}
