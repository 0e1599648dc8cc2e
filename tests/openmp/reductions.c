/* reductions: every operator, several types, array sections, a user-defined reduction */
#include <omp.h>
#include <stdio.h>

typedef struct { int lo; int hi; } range_t;
#pragma omp declare reduction(span : range_t : \
    omp_out.lo = omp_in.lo < omp_out.lo ? omp_in.lo : omp_out.lo, \
    omp_out.hi = omp_in.hi > omp_out.hi ? omp_in.hi : omp_out.hi) initializer(omp_priv = (range_t){1 << 30, -(1 << 30)})

int main(void)
{
    int isum = 0, iprod = 1, imax = -1000, imin = 1000, band = ~0, bor = 0, bxor = 0, land = 1, lor = 0, isub = 0;
    long long lsum = 0;
    double dsum = 0.0, dmax = -1e300;
    float fsum = 0.0f;
    unsigned char csum = 0;
    short ssum = 0;
    int arr[8] = {0};
    range_t span = {1 << 30, -(1 << 30)};
#pragma omp parallel for reduction(+:isum, lsum, dsum, fsum, csum, ssum) reduction(*:iprod) reduction(max:imax, dmax) \
    reduction(min:imin) reduction(&:band) reduction(|:bor) reduction(^:bxor) reduction(&&:land) reduction(||:lor) \
    reduction(-:isub) reduction(+:arr[2:4]) reduction(span:span)
    for (int i = 1; i <= 200; i++)
    {
        isum += i;
        lsum += (long long)i * 100000000LL;
        dsum += 1.0 / i;
        fsum += 0.5f;
        csum += (unsigned char)i;
        ssum += (short)(i % 7);
        if (i % 40 == 0) iprod *= 2;
        imax = i > imax ? i : imax;
        dmax = i * 1.5 > dmax ? i * 1.5 : dmax;
        imin = i < imin ? i : imin;
        band &= ~(1 << (i % 31)) | (i < 190 ? ~0 : 0);
        bor |= 1 << (i % 20);
        bxor ^= i;
        land = land && (i > 0);
        lor = lor || (i == 150);
        isub -= 1;
        for (int k = 2; k < 6; k++) arr[k] += k;
        span.lo = i < span.lo ? i : span.lo;
        span.hi = i > span.hi ? i : span.hi;
    }
    printf("sum %d lsum %lld dsum %.9f fsum %.1f csum %u ssum %d prod %d\n", isum, lsum, dsum, fsum, csum, ssum, iprod);
    printf("max %d dmax %.1f min %d and %x or %x xor %d land %d lor %d sub %d\n", imax, dmax, imin, band, bor, bxor,
        land, lor, isub);
    printf("arr %d %d %d %d %d %d span %d..%d\n", arr[1], arr[2], arr[3], arr[4], arr[5], arr[6], span.lo, span.hi);
    int region = 0;
#pragma omp parallel reduction(+:region)
    region += omp_get_thread_num() + 1;
    int n = omp_get_max_threads();
    printf("parallel reduction %s\n", region == n * (n + 1) / 2 ? "ok" : "WRONG");
    int nowait = 0;
#pragma omp parallel
    {
#pragma omp for reduction(+:nowait) nowait
        for (int i = 0; i < 1000; i++) nowait += i;
    }
    printf("nowait reduction %d\n", nowait);
    return 0;
}
