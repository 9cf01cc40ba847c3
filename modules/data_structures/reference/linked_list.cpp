// Reference solution: linked lists. Contract: include/data_structures/linked_list.hpp
#include "data_structures/linked_list.hpp"

#include "course/error.hpp"

namespace course::data_structures {

void LinkedList::push_front(std::int64_t value) {
    head_ = new ListNode(value, head_);
    if (tail_ == nullptr) tail_ = head_;
    ++size_;
}

void LinkedList::push_back(std::int64_t value) {
    ListNode* node = new ListNode(value);
    if (tail_ == nullptr) {
        head_ = node;
    } else {
        tail_->set_next(node);
    }
    tail_ = node;
    ++size_;
}

std::int64_t LinkedList::pop_front() {
    check_not_empty("pop_front", head_ == nullptr);
    ListNode* old = head_;
    const std::int64_t value = old->value;
    head_ = old->next();
    if (head_ == nullptr) tail_ = nullptr;
    delete old;
    --size_;
    return value;
}

std::int64_t LinkedList::front() const {
    check_not_empty("front", head_ == nullptr);
    return head_->value;
}

std::int64_t LinkedList::back() const {
    check_not_empty("back", tail_ == nullptr);
    return tail_->value;
}

void LinkedList::reverse() {
    // Invariant: prev is the reversed prefix, current the rest; turn one link per step.
    ListNode* prev = nullptr;
    ListNode* current = head_;
    tail_ = head_;
    while (current != nullptr) {
        ListNode* rest = current->next();
        current->set_next(prev);
        prev = current;
        current = rest;
    }
    head_ = prev;
}

void LinkedList::merge(LinkedList& other) {
    check_not_self(this, &other);
    // A dummy head makes the first splice like every other one.
    ListNode dummy;
    ListNode* last = &dummy;
    ListNode* a = head_;
    ListNode* b = other.head_;
    while (a != nullptr && b != nullptr) {
        // Take from b only when strictly smaller: equal values keep this list's node first (stable).
        if (b->value < a->value) {
            last->set_next(b);
            last = b;
            b = b->next();
        } else {
            last->set_next(a);
            last = a;
            a = a->next();
        }
    }
    // One list is exhausted; the rest of the other is already sorted and already linked.
    if (a != nullptr) {
        last->set_next(a);
    } else if (b != nullptr) {
        last->set_next(b);
        tail_ = other.tail_;
    }
    head_ = dummy.next();
    size_ += other.size_;
    other.head_ = other.tail_ = nullptr;
    other.size_ = 0;
}

const ListNode* middle_node(const ListNode* head) {
    // The hare moves two nodes for each node of the tortoise: when the hare falls off the end,
    // the tortoise has made floor(n / 2) moves.
    const ListNode* slow = head;
    const ListNode* fast = head;
    while (fast != nullptr) {
        const ListNode* one = fast->next();
        if (one == nullptr) break;
        fast = one->next();
        slow = slow->next();
    }
    return slow;
}

namespace {

// floyd_meeting: where the tortoise (one node per round) and the hare (two) first meet, or
// nullptr when the hare reaches the end. Once both are on the cycle, the hare gains one node per
// round, so it catches up within lambda rounds of the tortoise entering: at most mu + lambda
// rounds of 3 steps.
const ListNode* floyd_meeting(const ListNode* head) {
    const ListNode* slow = head;
    const ListNode* fast = head;
    while (fast != nullptr) {
        const ListNode* one = fast->next();
        if (one == nullptr) return nullptr;
        fast = one->next();
        slow = slow->next();
        if (fast == slow) return fast;
    }
    return nullptr;
}

}  // namespace

bool has_cycle(const ListNode* head) { return floyd_meeting(head) != nullptr; }

const ListNode* cycle_entry(const ListNode* head) {
    const ListNode* meeting = floyd_meeting(head);
    if (meeting == nullptr) return nullptr;
    // At the meeting, the tortoise has walked t = mu + k and the hare 2t, and t is a multiple of
    // lambda; so mu steps from the meeting point land on the entry, as do mu steps from head.
    const ListNode* from_head = head;
    const ListNode* from_meeting = meeting;
    while (from_head != from_meeting) {
        from_head = from_head->next();
        from_meeting = from_meeting->next();
    }
    return from_head;
}

}  // namespace course::data_structures
