package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Mapping is the mapping file (mapping.yaml, docs/import.md): what the
// synonyms do not say about a county's files.
//
//	name: 某某县
//	base_year: 2025
//	schools:  {sheet: 学校, columns: {单位代码: school_id}}
//	households: {columns: {门牌地址: address}}
//	children: {sheet: 2, columns: {学生姓名: drop}}
//	hukou: {农业户口: local, 外省: migrant}
//	permit: {已办理: "1", 未办理: "0"}
type Mapping struct {
	// Name is the county's name for dataset.yaml; default "imported".
	Name string `yaml:"name"`
	// BaseYear is the school year the register's grades describe; 0 infers
	// it from the pupils' birth years and grades.
	BaseYear   int               `yaml:"base_year"`
	Schools    FileMapping       `yaml:"schools"`
	Households FileMapping       `yaml:"households"`
	Children   FileMapping       `yaml:"children"`
	Hukou      map[string]string `yaml:"hukou"`
	Permit     map[string]string `yaml:"permit"`
}

// FileMapping says how to read one file: its sheet (a name, or a 1-based
// index; xlsx only) and header texts mapped to fields (Fields), or to drop.
type FileMapping struct {
	Sheet   string            `yaml:"sheet"`
	Columns map[string]string `yaml:"columns"`
}

func (m *Mapping) file(k Kind) *FileMapping {
	switch k {
	case Schools:
		return &m.Schools
	case Households:
		return &m.Households
	}
	return &m.Children
}

// ReadMapping reads a mapping file. Unknown keys, fields a kind does not
// have and values other than local/migrant (hukou) or 0/1 (permit) are
// problems at their lines.
func ReadMapping(name string, r io.Reader) (*Mapping, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, dataset.Problems{{File: name, Msg: err.Error()}}
	}
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, dataset.Problems{yamlProblem(name, err)}
	}
	var root yaml.Node
	_ = yaml.Unmarshal(b, &root)
	line := func(path ...string) int { return nodeLine(&root, path...) }
	var probs dataset.Problems
	if m.BaseYear != 0 && (m.BaseYear < dataset.MinBaseYear || m.BaseYear > dataset.MaxBaseYear) {
		probs = append(probs, dataset.Problem{File: name, Line: line("base_year"), Msg: fmt.Sprintf(
			"base_year %d: want a school year %d–%d", m.BaseYear, dataset.MinBaseYear, dataset.MaxBaseYear)})
	}
	for _, k := range Kinds {
		for _, h := range sortedKeys(m.file(k).Columns) {
			f := m.file(k).Columns[h]
			if !slices.Contains(Fields[k], f) {
				probs = append(probs, dataset.Problem{File: name, Line: line(string(k), "columns", h), Msg: fmt.Sprintf(
					"%s: column %q mapped to %q, which a %s file does not have (accepted: %s)", k, h, f, k, strings.Join(Fields[k], ", "))})
			}
		}
	}
	for _, v := range sortedKeys(m.Hukou) {
		if h := m.Hukou[v]; h != string(dataset.Local) && h != string(dataset.Migrant) {
			probs = append(probs, dataset.Problem{File: name, Line: line("hukou", v), Msg: fmt.Sprintf("hukou: %q mapped to %q (accepted: local, migrant)", v, h)})
		}
	}
	for _, v := range sortedKeys(m.Permit) {
		if p := m.Permit[v]; p != "0" && p != "1" {
			probs = append(probs, dataset.Problem{File: name, Line: line("permit", v), Msg: fmt.Sprintf("permit: %q mapped to %q (accepted: 0, 1)", v, p)})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return &m, nil
}

// yamlProblem places a YAML error at its line.
func yamlProblem(name string, err error) dataset.Problem {
	msg := err.Error()
	line := 1
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if _, err := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line); err == nil {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
			if j := strings.Index(msg, ": "); j >= 0 && strings.HasPrefix(msg, "line ") {
				msg = msg[j+2:]
			}
		}
	}
	return dataset.Problem{File: name, Line: line, Msg: "mapping file: " + strings.TrimPrefix(msg, "yaml: ")}
}

// nodeLine returns the line of the key at path in a YAML document, or 1.
func nodeLine(n *yaml.Node, path ...string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 1
	for _, p := range path {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == p {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
