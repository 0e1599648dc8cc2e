/* No race: threads write disjoint bytes of one array (even within one page and one word), and all store the
 * same value into a shared flag (accepted: equal values). Everything must land at the join. */
#include <omp.h>
#include <stdio.h>

unsigned char bytes[64];
int found = 0;

int main(void)
{
#pragma omp parallel num_threads(4)
    {
        const int me = omp_get_thread_num();
        for (int i = me; i < 64; i += 4)
        {
            bytes[i] = (unsigned char)(i + 1);
        }
        found = 1;
    }
    int bad = 0;
    for (int i = 0; i < 64; i++)
    {
        bad += bytes[i] != i + 1;
    }
    printf("bad %d found %d\n", bad, found);
    return 0;
}
