// data_structures.hpp: every exercise of the data structures module in one include.
#pragma once

#include "data_structures/counted.hpp"
#include "data_structures/dynamic_array.hpp"
#include "data_structures/linked_list.hpp"
#include "data_structures/binary_search.hpp"
#include "data_structures/comparison_sorts.hpp"
#include "data_structures/radix_sort.hpp"
#include "data_structures/binary_heap.hpp"
#include "data_structures/graph.hpp"
#include "data_structures/hash_map.hpp"
#include "data_structures/balanced_tree.hpp"
#include "data_structures/trie.hpp"
#include "data_structures/graph_search.hpp"
#include "data_structures/shortest_paths.hpp"
#include "data_structures/union_find.hpp"
#include "data_structures/lru_cache.hpp"
