#include "xmlrpc/http_admission.h"

#include <tuple>

namespace xmlrpc {

ConnectionTable::ConnectionTable(std::size_t max_connections, std::size_t max_per_peer)
    : max_connections_(max_connections), max_per_peer_(max_per_peer) {}

ConnectionBase* ConnectionTable::victim(const std::string* peer) const {
  ConnectionBase* best = nullptr;
  std::tuple<Activity, std::chrono::steady_clock::time_point> best_key{};
  for (const auto& [ptr, entry] : entries_) {
    if (peer != nullptr && entry.peer != *peer) continue;
    const Activity activity = ptr->activity();
    if (activity == Activity::kBusy) continue;
    const auto key = std::make_tuple(activity, ptr->activity_since());
    if (best == nullptr || key < best_key) {
      best = ptr;
      best_key = key;
    }
  }
  return best;
}

bool ConnectionTable::make_room(const std::string& peer) {
  if (max_per_peer_ > 0) {
    const auto it = per_peer_.find(peer);
    if (it != per_peer_.end() && it->second >= max_per_peer_) {
      // A peer at its cap makes room among its own connections only: one client cannot
      // shed the idle connections of others.
      ConnectionBase* own = victim(&peer);
      if (own == nullptr) return false;
      own->close();
    }
  }
  if (entries_.size() < max_connections_) return true;
  ConnectionBase* any = victim(nullptr);
  if (any == nullptr) return false;
  any->close();
  return entries_.size() < max_connections_;
}

void ConnectionTable::add(const std::shared_ptr<ConnectionBase>& connection, const std::string& peer) {
  if (!entries_.emplace(connection.get(), Entry{connection, peer}).second) return;
  if (max_per_peer_ > 0) ++per_peer_[peer];
}

void ConnectionTable::remove(ConnectionBase* connection) {
  const auto it = entries_.find(connection);
  if (it == entries_.end()) return;
  if (max_per_peer_ > 0) {
    const auto count = per_peer_.find(it->second.peer);
    if (count != per_peer_.end() && --count->second == 0) per_peer_.erase(count);
  }
  entries_.erase(it);
}

void ConnectionTable::close_all() {
  // Closing a connection removes it from the table; take the list first.
  std::vector<std::shared_ptr<ConnectionBase>> open;
  for (auto& [ptr, entry] : entries_) {
    if (auto c = entry.connection.lock()) open.push_back(std::move(c));
  }
  for (auto& c : open) c->close();
  entries_.clear();
  per_peer_.clear();
}

}  // namespace xmlrpc
