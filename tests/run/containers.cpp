// C++ differential test (`wabric c++`): std::vector, std::string, std::map, algorithms and iostream output.
#include <algorithm>
#include <iostream>
#include <map>
#include <numeric>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<std::string> words;
    for (int i = 1; i < argc; i++)
    {
        words.emplace_back(argv[i]);
    }
    if (words.empty())
    {
        words = {"pear", "apple", "fig", "banana", "apple"};
    }
    std::sort(words.begin(), words.end());
    std::map<std::string, int> counts;
    for (const auto& word : words)
    {
        counts[word]++;
    }
    std::string joined;
    for (const auto& word : words)
    {
        joined += (joined.empty() ? "" : ",") + word;
    }
    std::cout << "sorted: " << joined << "\n";
    for (const auto& [word, count] : counts)
    {
        std::cout << word << " x" << count << " len=" << word.size() << "\n";
    }
    std::vector<long> squares(1000);
    std::iota(squares.begin(), squares.end(), 1L);
    std::transform(squares.begin(), squares.end(), squares.begin(), [](long v) { return v * v; });
    const long sum = std::accumulate(squares.begin(), squares.end(), 0L);
    printf("sum of squares 1..1000 = %ld\n", sum);
    std::string reversed(joined.rbegin(), joined.rend());
    std::cout << "reversed: " << reversed << std::endl;
    return static_cast<int>(counts.size());
}
