package query

import (
	"encoding/json"
	"errors"

	jsoniter "github.com/json-iterator/go"

	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// member and object keep JSON objects in SCP's key order, so columns come out as the API
// documents them (id, name, … rather than alphabetical).
type member struct {
	key   string
	value any
}

type object []member

// decodeJSON reads a JSON document into object / []any / json.Number / string / bool / nil,
// redacting secrets on the way in (scp.IsSecretProperty). It walks the document with
// jsoniter's iterator, already in the SDK's dependencies: encoding/json's token stream
// allocates an error value for every scalar, which made a 60-day metric map cost megabytes
// of garbage.
func decodeJSON(body []byte) (any, error) {
	iter := jsoniter.ParseBytes(jsoniter.ConfigDefault, body)
	v := decodeValue(iter)
	if iter.Error != nil {
		return nil, iter.Error
	}
	if iter.WhatIsNext() != jsoniter.InvalidValue {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

func decodeValue(iter *jsoniter.Iterator) any {
	switch iter.WhatIsNext() {
	case jsoniter.ObjectValue:
		obj := object{}
		iter.ReadObjectCB(func(iter *jsoniter.Iterator, key string) bool {
			value := decodeValue(iter)
			if scp.IsSecretProperty(key, carriesText(value)) {
				value = upstream.Redacted
			}
			obj = append(obj, member{key, value})
			return true
		})
		return obj
	case jsoniter.ArrayValue:
		list := []any{}
		iter.ReadArrayCB(func(iter *jsoniter.Iterator) bool {
			list = append(list, decodeValue(iter))
			return true
		})
		return list
	case jsoniter.StringValue:
		return iter.ReadString()
	case jsoniter.NumberValue:
		return iter.ReadNumber()
	case jsoniter.BoolValue:
		return iter.ReadBool()
	case jsoniter.NilValue:
		iter.ReadNil()
		return nil
	}
	iter.ReportError("decode", "expected a JSON value")
	return nil
}

// carriesText: numbers, flags and nulls cannot hold a secret.
func carriesText(v any) bool {
	switch v.(type) {
	case json.Number, bool, nil:
		return false
	}
	return true
}
