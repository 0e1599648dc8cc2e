/* Differential test of sanity, not values: the wall clock is after 2020, the monotonic clock never goes back and
 * advances across a 20 ms sleep, and getentropy/rand fill bytes that are not all equal
 * and differ between calls. Prints one "ok"/"bad" per check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

static int check(const char* name, int ok)
{
    printf("%s: %s\n", name, ok ? "ok" : "bad");
    return ok;
}

static long long ns(struct timespec t)
{
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    int all = 1;
    struct timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    all &= check("realtime after 2020", real.tv_sec > 1577836800LL);
    all &= check("time() agrees with realtime", llabs((long long)time(NULL) - (long long)real.tv_sec) <= 2);

    struct timespec m0, m1, m2;
    clock_gettime(CLOCK_MONOTONIC, &m0);
    clock_gettime(CLOCK_MONOTONIC, &m1);
    all &= check("monotonic non-decreasing", ns(m1) >= ns(m0));
    struct timespec sleep = {0, 20 * 1000000L};
    nanosleep(&sleep, NULL);
    clock_gettime(CLOCK_MONOTONIC, &m2);
    all &= check("monotonic advances over 20 ms sleep", ns(m2) - ns(m1) >= 19 * 1000000LL);
    all &= check("sleep shorter than 5 s", ns(m2) - ns(m1) < 5000000000LL);

    struct timespec resolution;
    all &= check("monotonic resolution", clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && ns(resolution) > 0 &&
        ns(resolution) <= 1000000LL);

    unsigned char a[32];
    unsigned char b[32];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    all &= check("getentropy", getentropy(a, sizeof(a)) == 0 && getentropy(b, sizeof(b)) == 0);
    int distinct = 0;
    for (int i = 1; i < 32; i++)
    {
        distinct |= a[i] != a[0];
    }
    all &= check("entropy bytes vary", distinct);
    all &= check("entropy calls differ", memcmp(a, b, sizeof(a)) != 0);
    return all ? 0 : 1;
}
