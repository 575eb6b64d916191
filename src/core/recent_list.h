// RecentList: the newest N entries of a stream, oldest first, in a ring.
//
// Why not std::deque: libstdc++ allocates a deque's map and first block
// (about 600 bytes) on construction and again on every move, and a Job
// holds three of these lists. With a million jobs submitted, copied and
// moved through the engine, that was most of the daemon's time in malloc.
// An empty RecentList allocates nothing, moves as a vector, and dropping the
// oldest entry stays O(1).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <utility>
#include <vector>

namespace drover {

template <typename T>
class RecentList {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    const_iterator() = default;
    const_iterator(const RecentList* list, std::size_t index) : m_list(list), m_index(index) {}
    reference operator*() const { return (*m_list)[m_index]; }
    pointer operator->() const { return &(*m_list)[m_index]; }
    const_iterator& operator++() {
      ++m_index;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++m_index;
      return before;
    }
    bool operator==(const const_iterator& other) const { return m_index == other.m_index; }

   private:
    const RecentList* m_list = nullptr;
    std::size_t m_index = 0;
  };

  RecentList() = default;
  // Takes `items` as they are, oldest first (a list read back from storage).
  explicit RecentList(std::vector<T> items) : m_items(std::move(items)) {}
  RecentList(std::initializer_list<T> items) : m_items(items) {}

  // Appends `value`; when `capacity` entries are held already, the oldest
  // one makes room for it.
  void push(T value, std::size_t capacity) {
    if (capacity == 0) return;
    if (m_items.empty()) m_oldest = 0;  // a moved-from list keeps its old m_oldest
    if (m_items.size() < capacity) {
      insert_newest(std::move(value));
      return;
    }
    m_items[m_oldest] = std::move(value);
    m_oldest = (m_oldest + 1) % m_items.size();
  }

  std::size_t size() const { return m_items.size(); }
  bool empty() const { return m_items.empty(); }
  // The i-th entry, oldest first.
  const T& operator[](std::size_t i) const { return m_items[(m_oldest + i) % m_items.size()]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, m_items.size()}; }
  std::vector<T> to_vector() const { return {begin(), end()}; }

 private:
  // Below capacity: after the newest, which sits at the end until the ring
  // wraps and just before the oldest after (when the capacity grew since).
  void insert_newest(T value) {
    if (m_oldest == 0) {
      m_items.push_back(std::move(value));
      return;
    }
    m_items.insert(m_items.begin() + static_cast<std::ptrdiff_t>(m_oldest), std::move(value));
    ++m_oldest;
  }

  std::vector<T> m_items;
  std::size_t m_oldest = 0;  // index of the oldest entry once the ring has wrapped
};

}  // namespace drover
