// Linked lists: a singly linked list of 64-bit values, and the classic algorithms on node chains
// (reverse in place, merge of sorted lists, the middle node, Floyd's cycle detection).
//
// Every hop along a link goes through ListNode::next(), which counts one step (counted.hpp): the
// tests bound the steps, so a cycle detector that never stops fails at once instead of hanging.
// Notes: docs/data_structures.md#linked_list.
#pragma once

#include <cstddef>
#include <cstdint>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

// ListNode: one value and the link to the next node (nullptr at the end of a list).
class ListNode {
public:
    explicit ListNode(std::int64_t value_ = 0, ListNode* next = nullptr) : value(value_), next_(next) {}

    // next: the next node, or nullptr; each call counts one step.
    ListNode* next() const {
        count_step();
        return next_;
    }
    // set_next: relink this node (not counted).
    void set_next(ListNode* next) { next_ = next; }

    std::int64_t value;

private:
    ListNode* next_;
};

// LinkedList: owns a chain of heap-allocated nodes head_ -> ... -> tail_ -> nullptr.
//
// push_front, push_back and pop_front are O(1) (tail_ makes push_back O(1)), so the list is both a
// stack and a queue. The list is not copyable; it deletes its nodes when destroyed.
// Refused: front, back and pop_front on an empty list (std::invalid_argument naming the function).
class LinkedList {
public:
    LinkedList() = default;
    LinkedList(const LinkedList&) = delete;
    LinkedList& operator=(const LinkedList&) = delete;
    ~LinkedList() { clear(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // head: the first node (nullptr when empty), to walk the list.
    const ListNode* head() const { return head_; }

    // push_front: a new node holding value becomes the head. O(1).
    void push_front(std::int64_t value);
    // push_back: a new node holding value becomes the tail. O(1).
    void push_back(std::int64_t value);
    // pop_front: removes the head node and returns its value. O(1).
    std::int64_t pop_front();
    // front, back: the first and the last value. O(1).
    std::int64_t front() const;
    std::int64_t back() const;

    // reverse: reverses the order in place by relinking the nodes, O(n) time, O(1) extra memory:
    //     1 -> 2 -> 3 -> nullptr   becomes   3 -> 2 -> 1 -> nullptr
    // No node is created or destroyed, and tail_ becomes the old head. O(1) memory means a loop: a
    // recursion keeps a frame per node, a tail call included (C++ does not promise to turn it into a
    // jump, and this module is compiled with -fno-optimize-sibling-calls, module.json, so that every
    // build, optimized or not, grades a recursion alike).
    void reverse();

    // merge: both lists sorted ascending; moves every node of `other` into this list so that the
    // result is sorted, and leaves `other` empty. Stable: of equal values, those of this list come
    // first. O(size() + other.size()) steps, no allocation (the nodes are relinked), O(1) extra memory
    // (a loop: a recursion with one frame per node takes O(n) stack).
    //     (1 -> 4 -> 4).merge(2 -> 4 -> 9)   gives   1 -> 2 -> 4 -> 4 -> 4' -> 9
    // Refuses to merge a list with itself.
    void merge(LinkedList& other);

    // clear: deletes every node. Its steps are not counted (the counters are restored), so that a
    // list destroyed under a step budget cannot throw from its destructor.
    void clear() {
        const Counters saved = counters();
        counters().step_budget = -1;
        while (head_ != nullptr) {
            ListNode* next = head_->next();
            delete head_;
            head_ = next;
        }
        tail_ = nullptr;
        size_ = 0;
        counters() = saved;
    }

private:
    // check_not_empty: front, back and pop_front refuse an empty list; check_not_self: merge refuses
    // to merge a list with itself (not their lesson).
    static void check_not_empty(const char* function, bool empty) {
        COURSE_CHECK(!empty, function, ": the list is empty");
    }
    static void check_not_self(const LinkedList* self, const LinkedList* other) {
        COURSE_CHECK(other != self, "merge: cannot merge a list with itself");
    }

    ListNode* head_ = nullptr;
    ListNode* tail_ = nullptr;
    std::size_t size_ = 0;
};

// The algorithms below work on any chain of nodes, owned by anyone. A chain may end in nullptr, or
// (for the cycle functions) loop back: mu nodes lead into a cycle of lambda nodes.

// middle_node: node number floor(n / 2) (counting from 0) of a chain of n nodes ending in nullptr;
// for even n that is the second of the two middle nodes. nullptr for an empty chain.
//     1 -> 2 -> 3 -> 4 -> 5   gives 3;      1 -> 2 -> 3 -> 4   gives 3
// Cost: O(n), at most 2n + 2 steps (one pass with two pointers, one moving twice as fast).
const ListNode* middle_node(const ListNode* head);

// has_cycle: whether following next() from head ever returns to a node already visited
// (instead of reaching nullptr). Floyd's tortoise and hare: O(1) memory, and at most
// 4 (mu + lambda) + 4 steps with a cycle, 2n + 4 steps for a chain of n nodes without one.
// Source: Knuth, TAOCP vol. 2, 3.1, exercise 6 (attributed to Floyd).
bool has_cycle(const ListNode* head);

// cycle_entry: the first node of the cycle (the node reached twice first), or nullptr when the
// chain ends. Floyd's second phase: after the tortoise and the hare meet, a pointer from head and
// one from the meeting point, both moving one node per step, meet at the entry.
// Cost: at most 6 (mu + lambda) + 6 steps; O(1) memory.
const ListNode* cycle_entry(const ListNode* head);

}  // namespace course::data_structures
