/*
 * One function far larger than a JVM method may be (64 KiB of bytecode): a hash over an array unrolled 8,192
 * times by macros, as generated code and big interpreter loops are. Wabric runs it in Chicory's interpreter with a
 * warning; the output must be native's.
 */
#include <stdint.h>
#include <stdio.h>

static uint32_t data[256];

#define STEP(i) h = (h ^ data[((i) * 37 + k) & 255]) * 16777619u + (uint32_t)(i);
#define STEP4(i) STEP(i) STEP((i) + 1) STEP((i) + 2) STEP((i) + 3)
#define STEP16(i) STEP4(i) STEP4((i) + 4) STEP4((i) + 8) STEP4((i) + 12)
#define STEP64(i) STEP16(i) STEP16((i) + 16) STEP16((i) + 32) STEP16((i) + 48)
#define STEP256(i) STEP64(i) STEP64((i) + 64) STEP64((i) + 128) STEP64((i) + 192)
#define STEP1024(i) STEP256(i) STEP256((i) + 256) STEP256((i) + 512) STEP256((i) + 768)

__attribute__((noinline)) static uint32_t huge(uint32_t h, int k)
{
    STEP1024(0) STEP1024(1024) STEP1024(2048) STEP1024(3072)
    STEP1024(4096) STEP1024(5120) STEP1024(6144) STEP1024(7168)
    return h;
}

int main(void)
{
    for (int i = 0; i < 256; i++)
    {
        data[i] = (uint32_t)i * 2654435761u;
    }
    uint32_t h = 2166136261u;
    for (int k = 0; k < 50; k++)
    {
        h = huge(h, k);
    }
    printf("hash %u\n", h);
    return 0;
}
