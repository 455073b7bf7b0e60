// Where models report what they did, for a timeline (Perfetto / Chrome trace
// events): slices on named tracks and flow arrows between them. A model
// holds a TraceSink* that is null when tracing is off, so it pays nothing
// then; the platform owns the sink and writes the file.
#pragma once

#include <cstdint>
#include <string>

namespace npuvp {

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // Something on `track` (e.g. "die0/aiv3/PIPE_V") over [start, end) cycles.
  virtual void slice(const std::string& track, const std::string& name, uint64_t start, uint64_t end) = 0;
  // An arrow from a point on one track to a point on another (set_flag to
  // the wait_flag it released); `id` pairs the two ends.
  virtual void flow(uint64_t id, const std::string& from_track, uint64_t from_cycle,
                    const std::string& to_track, uint64_t to_cycle) = 0;
};

}  // namespace npuvp
