// Exercise 2: linked lists. Contract: include/data_structures/linked_list.hpp
// Notes: docs/data_structures.md#linked_list.  Hints: ./course hint data_structures linked_list
// Grade it:  ./course grade data_structures linked_list
//
// LinkedList's members are head_, tail_ (nullptr when empty) and size_. Walk links with
// node->next() and relink with node->set_next(p): the tests count the calls of next().
#include "data_structures/linked_list.hpp"

#include "course/error.hpp"

namespace course::data_structures {

void LinkedList::push_front(std::int64_t value) {
    // TODO(learner): new ListNode(value, head_) becomes head_; an empty list also gets a tail_.
    COURSE_TODO("LinkedList::push_front");
}

void LinkedList::push_back(std::int64_t value) {
    // TODO(learner): link a new node after tail_ (or make it head_ when the list is empty).
    COURSE_TODO("LinkedList::push_back");
}

std::int64_t LinkedList::pop_front() {
    check_not_empty("pop_front", head_ == nullptr);
    // TODO(learner): unlink head_, delete it, return its value; popping the last node empties tail_.
    COURSE_TODO("LinkedList::pop_front");
}

std::int64_t LinkedList::front() const {
    check_not_empty("front", head_ == nullptr);
    COURSE_TODO("LinkedList::front");
}

std::int64_t LinkedList::back() const {
    check_not_empty("back", tail_ == nullptr);
    COURSE_TODO("LinkedList::back");
}

void LinkedList::reverse() {
    //     1 -> 2 -> 3 -> nullptr   becomes   3 -> 2 -> 1 -> nullptr
    // TODO(learner): walk with two pointers, prev (the reversed part) and current (the rest);
    // save current->next() before you relink current to prev.
    // Hint: the loop ends when current is nullptr, not when current->next() is: the last node
    // must be relinked too. And the old head becomes tail_.
    COURSE_TODO("LinkedList::reverse");
}

void LinkedList::merge(LinkedList& other) {
    check_not_self(this, &other);
    // TODO(learner): splice the smaller front node of the two lists after the last merged node,
    // taking from `other` only when strictly smaller (stability); then append what is left.
    // Hint: a local ListNode dummy as the node before the first saves a special case.
    COURSE_TODO("LinkedList::merge");
}

const ListNode* middle_node(const ListNode* head) {
    // TODO(learner): a slow pointer moves one node for every two of a fast one; when the fast
    // one runs off the end, the slow one is at node floor(n / 2).
    COURSE_TODO("middle_node");
}

bool has_cycle(const ListNode* head) {
    // TODO(learner): Floyd: tortoise one node per round, hare two; they meet iff there is a cycle,
    // and the hare reaching nullptr means there is none.
    COURSE_TODO("has_cycle");
}

const ListNode* cycle_entry(const ListNode* head) {
    // TODO(learner): after the meeting, restart one pointer at head; move both one node per
    // round: they meet at the first node of the cycle.
    COURSE_TODO("cycle_entry");
}

}  // namespace course::data_structures
