// Internal to the HTTP server: which connections one listener serves. Each listener has its
// own table, so clients of one socket can never take the slots of another's (inet clients
// cannot lock out supervisorctl on the unix socket). A table caps the connections it holds,
// in all and per client address, and makes room for a newcomer by closing a connection that
// loses nothing by it (waiting for a request, or done) or, failing that, one whose request
// head is still arriving, the one in that state longest first; only when every slot carries
// a request being read, handled or answered is the newcomer refused.
//
// Lifetime: shared by the listener and its connections; connections add themselves when they
// start and remove themselves when they close or are destroyed. Loop thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "xmlrpc/http_server.h"

namespace xmlrpc {

// What closing a connection now would cost, cheapest first.
enum class Activity {
  kIdle,  // waiting for a request (none yet, or the next on a kept-alive connection), or closing
  kHead,  // a request head is arriving
  kBusy,  // a request body is arriving, or a request is being handled or answered
};

// A connection as the server sees it: something to close, and what that would cost.
class ConnectionBase : public HttpExchange {
 public:
  virtual void close() = 0;
  virtual Activity activity() const = 0;
  // When the current activity began (for kBusy: unspecified).
  virtual std::chrono::steady_clock::time_point activity_since() const = 0;
};

class ConnectionTable final {
 public:
  // `max_per_peer` 0: no cap per address (unix sockets, whose peers have no address).
  ConnectionTable(std::size_t max_connections, std::size_t max_per_peer);
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // For a connection just accepted from `peer` (its address; "" for unix): closes what must
  // go to make room; false when nothing could, and the newcomer is to be refused.
  bool make_room(const std::string& peer);
  void add(const std::shared_ptr<ConnectionBase>& connection, const std::string& peer);
  void remove(ConnectionBase* connection);  // no-op when absent

  std::size_t size() const { return entries_.size(); }
  // Closes every connection (server stop).
  void close_all();

 private:
  struct Entry {
    std::weak_ptr<ConnectionBase> connection;
    std::string peer;
  };
  // The connection that is cheapest to close among all (peer == nullptr) or one peer's;
  // nullptr when every candidate is busy.
  ConnectionBase* victim(const std::string* peer) const;

  std::size_t max_connections_;
  std::size_t max_per_peer_;
  std::unordered_map<ConnectionBase*, Entry> entries_;
  std::unordered_map<std::string, std::size_t> per_peer_;
};

}  // namespace xmlrpc
