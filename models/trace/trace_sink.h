// Where models report what they did, for a timeline (Perfetto / Chrome trace
// events): slices on named tracks and flow arrows between them. A model
// holds a TraceSink* that is null when tracing is off, so it pays nothing
// then; the platform owns the sink and writes the file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace npuvp {

// Names a program address from the ELF's symbols: "kernel_main+0x1c", or ""
// when nothing is known (see SymbolTable::describe in platform/elf_loader.h).
using Symbolizer = std::function<std::string(uint64_t pc)>;

// "<text> @<symbol+off>" (or "<text> @0x<pc>" without a symbol for pc).
inline std::string trace_slice_name(const std::string& text, uint64_t pc, const Symbolizer& symbolize) {
  std::string where = symbolize ? symbolize(pc) : std::string();
  if (where.empty()) {
    static const char digits[] = "0123456789abcdef";
    char buf[17];
    int n = 0;
    uint64_t v = pc;
    do {
      buf[n++] = digits[v & 0xf];
      v >>= 4;
    } while (v != 0);
    where = "0x";
    while (n > 0) where += buf[--n];
  }
  return text + " @" + where;
}

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // Something on `track` (e.g. "die0/aiv3/PIPE_V") over [start, end) cycles.
  virtual void slice(const std::string& track, const std::string& name, uint64_t start, uint64_t end) = 0;
  // An arrow from a point on one track to a point on another (set_flag to
  // the wait_flag it released); `id` pairs the two ends.
  virtual void flow(uint64_t id, const std::string& from_track, uint64_t from_cycle,
                    const std::string& to_track, uint64_t to_cycle) = 0;

  // Set by the platform from the loaded ELF; models that know the pc of a
  // slice name it with name_at(text, pc) instead of the bare text.
  Symbolizer symbolizer;
  std::string name_at(const std::string& text, uint64_t pc) const { return trace_slice_name(text, pc, symbolizer); }
};

}  // namespace npuvp
