// A strict little XML reader for checking the JUnit files the runner writes:
// elements, attributes in double or single quotes, text, comments, the XML
// declaration, the five predefined entities and character references.
// Anything else (a raw '<' or '&' where it cannot be, an unknown entity, a
// mismatched or unclosed tag, a control character XML 1.0 forbids) throws.
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace xml_reader {

struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::string text;  // the character data directly inside, concatenated
  std::vector<std::unique_ptr<Element>> children;

  std::vector<const Element*> all(const std::string& child_name) const {
    std::vector<const Element*> out;
    for (const auto& c : children)
      if (c->name == child_name) out.push_back(c.get());
    return out;
  }
  const std::string& attr(const std::string& key) const {
    auto it = attrs.find(key);
    if (it == attrs.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
    return it->second;
  }
};

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  std::unique_ptr<Element> document() {
    skip_space();
    if (starts("<?xml")) {
      const size_t end = s_.find("?>", i_);
      if (end == std::string::npos) fail("unterminated XML declaration");
      i_ = end + 2;
    }
    skip_misc();
    auto root = element();
    skip_misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML offset " + std::to_string(i_) + ": " + what);
  }
  bool starts(const char* p) const { return s_.compare(i_, std::char_traits<char>::length(p), p) == 0; }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  void skip_misc() {
    for (;;) {
      skip_space();
      if (!starts("<!--")) return;
      const size_t end = s_.find("-->", i_);
      if (end == std::string::npos) fail("unterminated comment");
      i_ = end + 3;
    }
  }
  std::string name() {
    const size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '-' ||
                              s_[i_] == ':' || s_[i_] == '.'))
      ++i_;
    if (b == i_) fail("a name expected");
    return s_.substr(b, i_ - b);
  }
  void check_char(char c) const {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') fail("a control character XML 1.0 forbids");
  }
  std::string entity() {  // at '&'
    const size_t end = s_.find(';', i_);
    if (end == std::string::npos) fail("unterminated entity");
    const std::string e = s_.substr(i_ + 1, end - i_ - 1);
    i_ = end + 1;
    if (e == "amp") return "&";
    if (e == "lt") return "<";
    if (e == "gt") return ">";
    if (e == "quot") return "\"";
    if (e == "apos") return "'";
    if (e.size() > 1 && e[0] == '#') {
      const unsigned long v = e[1] == 'x' ? std::stoul(e.substr(2), nullptr, 16) : std::stoul(e.substr(1));
      if (v < 0x20 && v != 9 && v != 10 && v != 13) fail("a character reference XML 1.0 forbids");
      if (v < 0x80) return std::string(1, static_cast<char>(v));
      fail("non-ASCII character references are not needed here");
    }
    fail("unknown entity &" + e + ";");
  }
  std::unique_ptr<Element> element() {
    if (!starts("<")) fail("'<' expected");
    ++i_;
    auto el = std::make_unique<Element>();
    el->name = name();
    for (;;) {
      skip_space();
      if (starts("/>")) {
        i_ += 2;
        return el;
      }
      if (starts(">")) {
        ++i_;
        break;
      }
      const std::string key = name();
      skip_space();
      if (!starts("=")) fail("'=' expected");
      ++i_;
      skip_space();
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) fail("a quoted value expected");
      const char q = s_[i_++];
      std::string v;
      while (i_ < s_.size() && s_[i_] != q) {
        if (s_[i_] == '<') fail("raw '<' in an attribute value");
        if (s_[i_] == '&') {
          v += entity();
        } else {
          check_char(s_[i_]);
          v += s_[i_++];
        }
      }
      if (i_ >= s_.size()) fail("unterminated attribute value");
      ++i_;
      if (!el->attrs.emplace(key, v).second) fail("attribute " + key + " twice");
    }
    for (;;) {
      if (i_ >= s_.size()) fail("<" + el->name + "> is not closed");
      if (starts("</")) {
        i_ += 2;
        if (name() != el->name) fail("mismatched end tag of <" + el->name + ">");
        skip_space();
        if (!starts(">")) fail("'>' expected");
        ++i_;
        return el;
      }
      if (starts("<!--")) {
        skip_misc();
        continue;
      }
      if (starts("<")) {
        el->children.push_back(element());
        continue;
      }
      if (s_[i_] == '&') {
        el->text += entity();
      } else {
        check_char(s_[i_]);
        el->text += s_[i_++];
      }
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

inline std::unique_ptr<Element> parse(const std::string& text) { return Parser(text).document(); }

}  // namespace xml_reader
