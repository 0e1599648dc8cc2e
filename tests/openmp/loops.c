/* worksharing loops: every schedule, chunks, collapse, nowait, ordered, lastprivate, 64-bit and unsigned indices */
#include <omp.h>
#include <stdio.h>

#define N 1003

static int hits[N];

static int check(const char *what, int expect)
{
    int bad = 0;
    for (int i = 0; i < N; i++)
    {
        if (hits[i] != expect)
        {
            bad++;
        }
        hits[i] = 0;
    }
    printf("%-12s %s\n", what, bad ? "WRONG" : "ok");
    return bad;
}

int main(void)
{
    long long total = 0;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int i = 0; i < N; i++) hits[i]++;
    }
    check("static", 1);
#pragma omp parallel for schedule(static, 7)
    for (int i = 0; i < N; i++) hits[i]++;
    check("static,7", 1);
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < N; i++) hits[i]++;
    check("dynamic", 1);
#pragma omp parallel for schedule(dynamic, 13)
    for (int i = N - 1; i >= 0; i--) hits[i]++;
    check("dynamic,13", 1);
#pragma omp parallel for schedule(guided)
    for (int i = 0; i < N; i++) hits[i]++;
    check("guided", 1);
#pragma omp parallel for schedule(guided, 5)
    for (int i = 0; i < N; i += 2) hits[i]++, hits[i + 1 < N ? i + 1 : i] += (i + 1 < N);
    check("guided,5", 1);
#pragma omp parallel for schedule(runtime)
    for (int i = 0; i < N; i++) hits[i]++;
    check("runtime", 1);
#pragma omp parallel for schedule(auto)
    for (int i = 0; i < N; i++) hits[i]++;
    check("auto", 1);
#pragma omp parallel for collapse(2) schedule(dynamic, 3)
    for (int i = 0; i < 17; i++)
        for (int j = 0; j < 59; j++) hits[i * 59 + j]++;
    for (int i = 17 * 59; i < N; i++) hits[i]++;
    check("collapse", 1);
#pragma omp parallel
    {
        /* nowait: a thread may reach the second loop while others still run the first, so both loops update
         * hits[i] atomically (a plain ++ here would race with the other loop's atomic one). */
#pragma omp for nowait schedule(static, 3)
        for (int i = 0; i < N; i++)
        {
#pragma omp atomic
            hits[i]++;
        }
#pragma omp for schedule(dynamic, 2)
        for (int i = 0; i < N; i++)
        {
#pragma omp atomic
            hits[i]++;
        }
    }
    check("nowait", 2);
#pragma omp parallel for schedule(static) reduction(+:total)
    for (long long i = -5000000000LL; i < -5000000000LL + 100000; i++) total += i;
    printf("int64 sum %lld\n", total);
    total = 0;
#pragma omp parallel for schedule(dynamic, 100) reduction(+:total)
    for (unsigned long long i = 18446744073709000000ULL; i < 18446744073709100000ULL; i += 3) total += (long long)(i % 1000);
    printf("uint64 sum %lld\n", total);
    total = 0;
#pragma omp parallel for schedule(guided) reduction(+:total)
    for (unsigned int i = 3999000000u; i < 4000000000u; i += 7) total += i % 10;
    printf("uint32 sum %lld\n", total);
    total = 0;
#pragma omp parallel for schedule(static, 5) reduction(+:total)
    for (int i = 1000000; i > -1000000; i -= 3) total += i % 11;
    printf("int down sum %lld\n", total);
    int order[64], pos = 0;
#pragma omp parallel for ordered schedule(dynamic, 2)
    for (int i = 0; i < 64; i++)
    {
#pragma omp ordered
        order[pos++] = i;
    }
    int inorder = 1;
    for (int i = 0; i < 64; i++) inorder &= order[i] == i;
    printf("ordered %s\n", inorder ? "ok" : "WRONG");
    pos = 0;
#pragma omp parallel for ordered schedule(static, 3)
    for (int i = 0; i < 64; i++)
    {
#pragma omp ordered
        order[pos++] = i;
    }
    inorder = 1;
    for (int i = 0; i < 64; i++) inorder &= order[i] == i;
    printf("ordered static %s\n", inorder ? "ok" : "WRONG");
    int last = -1;
#pragma omp parallel for lastprivate(last) schedule(dynamic, 4)
    for (int i = 0; i < N; i++) last = i * 2;
    printf("lastprivate %d\n", last);
    omp_sched_t kind;
    int chunk;
    omp_set_schedule(omp_sched_dynamic, 9);
    omp_get_schedule(&kind, &chunk);
    printf("schedule %d chunk %d\n", (int)kind, chunk);
#pragma omp parallel for schedule(runtime)
    for (int i = 0; i < N; i++) hits[i]++;
    check("set runtime", 1);
    return 0;
}
