// Parser of Avro schemas (JSON form), written from the Avro specification's "Schema Declaration"
// and "Names" sections. nlohmann::json is used without exceptions: every access checks the type.
#include "format/avro/avro_schema.h"

#include <map>
#include <nlohmann/json.hpp>

namespace cdc::format::avro {

std::string_view ToString(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBoolean:
      return "boolean";
    case Type::kInt:
      return "int";
    case Type::kLong:
      return "long";
    case Type::kFloat:
      return "float";
    case Type::kDouble:
      return "double";
    case Type::kBytes:
      return "bytes";
    case Type::kString:
      return "string";
    case Type::kRecord:
      return "record";
    case Type::kEnum:
      return "enum";
    case Type::kArray:
      return "array";
    case Type::kMap:
      return "map";
    case Type::kUnion:
      return "union";
    case Type::kFixed:
      return "fixed";
  }
  return "unknown";
}

std::optional<size_t> Node::FieldIndex(std::string_view field_name) const {
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (fields[field_idx].name == field_name) return field_idx;
  }
  return std::nullopt;
}

namespace {

using Json = nlohmann::json;

constexpr int kMaxDepth = 64;

std::optional<Type> PrimitiveType(std::string_view name) {
  if (name == "null") return Type::kNull;
  if (name == "boolean") return Type::kBoolean;
  if (name == "int") return Type::kInt;
  if (name == "long") return Type::kLong;
  if (name == "float") return Type::kFloat;
  if (name == "double") return Type::kDouble;
  if (name == "bytes") return Type::kBytes;
  if (name == "string") return Type::kString;
  return std::nullopt;
}

Status Bad(std::string_view detail) {
  return Status::Corruption("avro schema", detail);
}

// Names are [A-Za-z_][A-Za-z0-9_]*, dot-separated in a full name.
bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  bool segment_start = true;
  for (char c : name) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
      continue;
    }
    if (!(letter || (digit && !segment_start))) return false;
    segment_start = false;
  }
  return !segment_start;
}

class Parser {
 public:
  Result<NodePtr> Parse(const Json& json, const std::string& space, int depth) {
    if (depth > kMaxDepth) return Bad("nested deeper than 64");
    if (json.is_string()) return Named(json.get_ref<const std::string&>(), space);
    if (json.is_array()) return Union(json, space, depth);
    if (!json.is_object()) return Bad("a type must be a string, an array or an object");
    auto type_it = json.find("type");
    if (type_it == json.end()) return Bad("an object type without \"type\"");
    if (!type_it->is_string()) {
      // {"type": {...}} or {"type": [...]}: a wrapped type, attributes ignored.
      return Parse(*type_it, space, depth + 1);
    }
    const std::string& type = type_it->get_ref<const std::string&>();
    std::string logical;
    if (auto it = json.find("logicalType"); it != json.end() && it->is_string())
      logical = it->get<std::string>();
    if (std::optional<Type> primitive = PrimitiveType(type)) {
      auto node = std::make_shared<Node>();
      node->type = *primitive;
      node->logical_type = std::move(logical);
      return NodePtr(std::move(node));
    }
    if (type == "array" || type == "map") {
      auto items_it = json.find(type == "array" ? "items" : "values");
      if (items_it == json.end()) return Bad(type + " without " + (type == "array" ? "items" : "values"));
      CDC_ASSIGN_OR_RETURN(NodePtr items, Parse(*items_it, space, depth + 1));
      auto node = std::make_shared<Node>();
      node->type = type == "array" ? Type::kArray : Type::kMap;
      node->logical_type = std::move(logical);
      node->items = std::move(items);
      return NodePtr(std::move(node));
    }
    if (type == "record" || type == "error" || type == "enum" || type == "fixed") {
      return NamedDefinition(json, type, std::move(logical), space, depth);
    }
    return Named(type, space);
  }

 private:
  Result<NodePtr> Named(const std::string& name, const std::string& space) {
    if (std::optional<Type> primitive = PrimitiveType(name)) {
      auto node = std::make_shared<Node>();
      node->type = *primitive;
      return NodePtr(std::move(node));
    }
    if (defining_.count(name) != 0 || (!space.empty() && defining_.count(space + "." + name) != 0)) {
      return Status::NotSupported("avro schema", "recursive type " + name);
    }
    auto it = named_.find(name);
    if (it == named_.end() && !space.empty() && name.find('.') == std::string::npos) {
      it = named_.find(space + "." + name);
    }
    if (it == named_.end()) return Bad("unknown type " + name);
    return it->second;
  }

  Result<NodePtr> Union(const Json& json, const std::string& space, int depth) {
    auto node = std::make_shared<Node>();
    node->type = Type::kUnion;
    for (const Json& branch_json : json) {
      CDC_ASSIGN_OR_RETURN(NodePtr branch, Parse(branch_json, space, depth + 1));
      if (branch->type == Type::kUnion) return Bad("a union directly inside a union");
      for (const NodePtr& other : node->branches) {
        const bool named =
            branch->type == Type::kRecord || branch->type == Type::kEnum || branch->type == Type::kFixed;
        if (other->type == branch->type && (!named || other->name == branch->name)) {
          return Bad(std::string("a union with two branches of type ") + std::string(ToString(branch->type)));
        }
      }
      node->branches.push_back(std::move(branch));
    }
    if (node->branches.empty()) return Bad("an empty union");
    return NodePtr(std::move(node));
  }

  Result<NodePtr> NamedDefinition(const Json& json, const std::string& type, std::string logical,
                                  const std::string& space, int depth) {
    auto name_it = json.find("name");
    if (name_it == json.end() || !name_it->is_string()) return Bad(type + " without a name");
    const std::string& name = name_it->get_ref<const std::string&>();
    if (!ValidName(name)) return Bad("invalid name \"" + name + "\"");
    std::string own_space = space;
    if (auto it = json.find("namespace"); it != json.end() && it->is_string())
      own_space = it->get<std::string>();
    if (!own_space.empty() && !ValidName(own_space)) return Bad("invalid namespace \"" + own_space + "\"");
    std::string full_name =
        name.find('.') != std::string::npos || own_space.empty() ? name : own_space + "." + name;
    if (name.find('.') != std::string::npos) own_space = name.substr(0, name.rfind('.'));
    if (named_.count(full_name) != 0 || defining_.count(full_name) != 0)
      return Bad("type " + full_name + " defined twice");

    auto node = std::make_shared<Node>();
    node->name = full_name;
    node->logical_type = std::move(logical);
    if (type == "fixed") {
      node->type = Type::kFixed;
      auto size_it = json.find("size");
      if (size_it == json.end() || !size_it->is_number_integer() || size_it->get<int64_t>() < 0 ||
          size_it->get<int64_t>() > (int64_t{1} << 30)) {
        return Bad("fixed " + full_name + " without a valid size");
      }
      node->size = size_it->get<int64_t>();
    } else if (type == "enum") {
      node->type = Type::kEnum;
      auto symbols_it = json.find("symbols");
      if (symbols_it == json.end() || !symbols_it->is_array())
        return Bad("enum " + full_name + " without symbols");
      for (const Json& symbol : *symbols_it) {
        if (!symbol.is_string() || !ValidName(symbol.get_ref<const std::string&>())) {
          return Bad("enum " + full_name + " has an invalid symbol");
        }
        node->symbols.push_back(symbol.get<std::string>());
      }
    } else {
      node->type = Type::kRecord;
      auto fields_it = json.find("fields");
      if (fields_it == json.end() || !fields_it->is_array())
        return Bad("record " + full_name + " without fields");
      defining_[full_name] = true;
      for (const Json& field_json : *fields_it) {
        if (!field_json.is_object()) return Bad("record " + full_name + " has a field that is not an object");
        auto field_name_it = field_json.find("name");
        auto field_type_it = field_json.find("type");
        if (field_name_it == field_json.end() || !field_name_it->is_string() ||
            field_type_it == field_json.end()) {
          return Bad("record " + full_name + " has a field without name or type");
        }
        Field field;
        field.name = field_name_it->get<std::string>();
        if (!ValidName(field.name) || field.name.find('.') != std::string::npos) {
          return Bad("record " + full_name + " has an invalid field name \"" + field.name + "\"");
        }
        if (node->FieldIndex(field.name))
          return Bad("record " + full_name + " has field " + field.name + " twice");
        CDC_ASSIGN_OR_RETURN(field.type, Parse(*field_type_it, own_space, depth + 1));
        if (auto id_it = field_json.find("field-id"); id_it != field_json.end()) {
          if (!id_it->is_number_integer() || id_it->get<int64_t>() < INT32_MIN ||
              id_it->get<int64_t>() > INT32_MAX) {
            return Bad("field " + field.name + " has a field-id that is not a 32-bit integer");
          }
          field.field_id = static_cast<int32_t>(id_it->get<int64_t>());
        }
        node->fields.push_back(std::move(field));
      }
      defining_.erase(full_name);
    }
    NodePtr result = std::move(node);
    named_[full_name] = result;
    return result;
  }

  std::map<std::string, NodePtr> named_;
  std::map<std::string, bool> defining_;
};

}  // namespace

Result<NodePtr> ParseSchema(std::string_view json_text) {
  Json json = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Bad("not JSON");
  Parser parser;
  return parser.Parse(json, "", 0);
}

}  // namespace cdc::format::avro
