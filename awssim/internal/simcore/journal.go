package simcore

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"time"
)

// The journal.
//
// Each record is a frame: the payload's length and its CRC-32C (four bytes
// each, little-endian), then the payload, a JSON object:
//
//	{"Clock": "…", "Drop": ["path", …], "Set": [{"P": "path", "V": value}, …]}
//
// Clock is the simulated time when the record was cut; Drop lists the
// paths that no longer exist; Set the leaves that are new or changed (see
// leaves.go for paths). A record holds every change of one or more whole
// calls. Reading stops at the first frame that is short or whose checksum
// does not match: a crash while appending leaves at most a torn last
// record, which is dropped with the calls it held.

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// journalRecord is one decoded record.
type journalRecord struct {
	Clock time.Time
	Drop  []string
	Set   []struct {
		P string
		V json.RawMessage
	}
}

// appendRecord encodes the changes from old to new leaves as one frame.
func appendRecord(buf *bytes.Buffer, clock time.Time, leaves map[string]leaf, drop, set []string) error {
	var p bytes.Buffer
	ck, err := json.Marshal(clock)
	if err != nil {
		return err
	}
	p.WriteString(`{"Clock":`)
	p.Write(ck)
	p.WriteString(`,"Drop":[`)
	for i, path := range drop {
		if i > 0 {
			p.WriteByte(',')
		}
		writeJSONString(&p, path)
	}
	p.WriteString(`],"Set":[`)
	for i, path := range set {
		if i > 0 {
			p.WriteByte(',')
		}
		p.WriteString(`{"P":`)
		writeJSONString(&p, path)
		p.WriteString(`,"V":`)
		p.Write(leaves[path].data)
		p.WriteByte('}')
	}
	p.WriteString("]}")
	var head [8]byte
	binary.LittleEndian.PutUint32(head[0:], uint32(p.Len()))
	binary.LittleEndian.PutUint32(head[4:], crc32.Checksum(p.Bytes(), crcTable))
	buf.Write(head[:])
	buf.Write(p.Bytes())
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s) // a string always marshals
	b.Write(data)
}

// readJournal reads the records of the journal at path, calling apply for
// each whole one, and returns the length of the whole records: a torn or
// damaged tail starts there. A missing journal has no records.
func readJournal(path string, apply func(*journalRecord) error) (good int64, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for {
		var head [8]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return good, nil // end, or a torn header
		}
		n := binary.LittleEndian.Uint32(head[0:])
		payload := make([]byte, n)
		if _, err := io.ReadFull(r, payload); err != nil {
			return good, nil // a torn payload
		}
		if crc32.Checksum(payload, crcTable) != binary.LittleEndian.Uint32(head[4:]) {
			return good, nil // a damaged record: nothing after it is trusted
		}
		var rec journalRecord
		if err := json.Unmarshal(payload, &rec); err != nil {
			return good, fmt.Errorf("journal record at byte %d: %w", good, err)
		}
		if err := apply(&rec); err != nil {
			return good, fmt.Errorf("journal record at byte %d: %w", good, err)
		}
		good += int64(len(head)) + int64(n)
	}
}
