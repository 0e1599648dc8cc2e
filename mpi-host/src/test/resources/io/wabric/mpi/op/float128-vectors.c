/* Writes float128-vectors.txt for Float128Test: operand pairs and their binary128 sum and product as computed by
 * gcc's __float128 (libgcc soft-fp, round to nearest even), all as 32 hex digits, bit 127 first.
 *   gcc -O0 -o /tmp/float128-vectors float128-vectors.c && /tmp/float128-vectors > float128-vectors.txt */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

static uint64_t state = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static u128 make(int sign, int exponent, u128 fraction)
{
    return (u128)sign << 127 | (u128)(exponent & 0x7FFF) << 112 | (fraction & (((u128)1 << 112) - 1));
}

static u128 random_fraction(void)
{
    u128 f = (u128)next() << 64 | next();
    switch (next() % 4)
    {
    case 0: return f;                                   /* full */
    case 1: return f & ~(((u128)1 << (next() % 112)) - 1); /* trailing zeros: exact results, ties */
    case 2: return f | (((u128)1 << (next() % 112)) - 1);  /* trailing ones: carries */
    default: return f >> (next() % 112);                /* leading zeros */
    }
}

static void print(u128 v)
{
    printf("%016llx%016llx", (unsigned long long)(v >> 64), (unsigned long long)v);
}

static void emit(u128 a, u128 b)
{
    volatile __float128 x, y;
    memcpy((void *)&x, &a, 16);
    memcpy((void *)&y, &b, 16);
    __float128 s = x + y, p = x * y;
    u128 sb, pb;
    memcpy(&sb, &s, 16);
    memcpy(&pb, &p, 16);
    print(a); putchar(' '); print(b); putchar(' '); print(sb); putchar(' '); print(pb); putchar('\n');
}

int main(void)
{
    const int exponents[] = {0, 1, 2, 100, 8000, 16382, 16383, 16384, 16400, 24000, 32700, 32765, 32766};
    const int n = sizeof exponents / sizeof exponents[0];
    /* specials and edges: zeros, least subnormal, largest subnormal, least normal, 1, largest finite, inf */
    const u128 edges[] = {make(0, 0, 0), make(1, 0, 0), make(0, 0, 1), make(1, 0, 1),
        make(0, 0, ((u128)1 << 112) - 1), make(0, 1, 0), make(1, 1, 0), make(0, 16383, 0), make(1, 16383, 0),
        make(0, 16383, 1), make(0, 32766, ((u128)1 << 112) - 1), make(1, 32766, ((u128)1 << 112) - 1),
        make(0, 32767, 0), make(1, 32767, 0), make(0, 16382, ((u128)1 << 112) - 1), make(0, 16270, 0)};
    const int edge_count = sizeof edges / sizeof edges[0];
    for (int i = 0; i < edge_count; i++)
    {
        for (int j = 0; j < edge_count; j++)
        {
            emit(edges[i], edges[j]);
        }
    }
    for (int i = 0; i < 500; i++)
    {
        int ea = exponents[next() % n], eb;
        switch (next() % 4)
        {
        case 3: eb = 16389 - ea - (int)(next() % 120); break; /* products near the subnormal range */
        case 0: eb = exponents[next() % n]; break;
        case 1: eb = ea + (int)(next() % 7) - 3; break;           /* close: cancellation */
        default: eb = 16383 * 2 - ea + (int)(next() % 5) - 2; break; /* products near 1 */
        }
        if (eb < 0) eb = 0;
        if (eb > 32766) eb = 32766;
        ea += (int)(next() % 3) - 1;
        if (ea < 0) ea = 0;
        if (ea > 32766) ea = 32766;
        emit(make((int)(next() & 1), ea, random_fraction()), make((int)(next() & 1), eb, random_fraction()));
    }
    return 0;
}
