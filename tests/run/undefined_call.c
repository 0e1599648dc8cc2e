/* Link-time check: calls a function nobody defines. gcc fails to link it, and so must `wabric cc`, naming the
 * symbol, instead of producing a module that fails when run. */
void some_undefined_function(int value);

int main(void)
{
    some_undefined_function(42);
    return 0;
}
