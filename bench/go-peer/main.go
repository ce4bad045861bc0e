// Command tlogpeer is the Go peer of orelog's benchmarks: the same Merkle
// work done with golang.org/x/mod/sumdb/tlog (v0.7.0, Debian's
// golang-golang-x-mod-dev) holding every stored hash in memory.
//
//	tlogpeer integrate N   append N 100-byte leaves (tlog.StoredHashes into an
//	                       in-memory hash store), then tlog.TreeHash
//	tlogpeer prove N K     build an N-leaf tree in memory (untimed for the
//	                       figure), then K inclusion proofs (tlog.ProveRecord)
//	                       for uniformly random indices
//
// Leaf i is the 100 bytes  BE64(i) || byte(8) byte(9) ... byte(99),  the same
// leaves orelog's benchmarks hash, so the printed root can be compared.
// Output is one line of key=value pairs on stdout.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

const leafSize = 100

func fillLeaf(buf []byte, i int64) {
	binary.BigEndian.PutUint64(buf[:8], uint64(i))
}

func newLeafBuf() []byte {
	buf := make([]byte, leafSize)
	for j := 8; j < leafSize; j++ {
		buf[j] = byte(j)
	}
	return buf
}

// memStore is the in-memory hash store: stored hash index -> hash.
type memStore struct{ hashes []tlog.Hash }

func (s *memStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(s.hashes)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = s.hashes[x]
	}
	return out, nil
}

// build appends leaves [0, n) and returns the store.
func build(n int64) (*memStore, error) {
	s := &memStore{hashes: make([]tlog.Hash, 0, tlog.StoredHashCount(n))}
	buf := newLeafBuf()
	for i := int64(0); i < n; i++ {
		fillLeaf(buf, i)
		hs, err := tlog.StoredHashes(i, buf, s)
		if err != nil {
			return nil, err
		}
		s.hashes = append(s.hashes, hs...)
	}
	return s, nil
}

func integrate(n int64) error {
	start := time.Now()
	s, err := build(n)
	if err != nil {
		return err
	}
	root, err := tlog.TreeHash(n, s)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("mode=integrate n=%d seconds=%.4f leaves_per_s=%.0f root=%s\n",
		n, secs, float64(n)/secs, hex.EncodeToString(root[:]))
	return nil
}

func prove(n, k int64) error {
	start := time.Now()
	s, err := build(n)
	if err != nil {
		return err
	}
	root, err := tlog.TreeHash(n, s)
	if err != nil {
		return err
	}
	buildSecs := time.Since(start).Seconds()

	rng := rand.New(rand.NewSource(42))
	idx := make([]int64, k)
	for i := range idx {
		idx[i] = rng.Int63n(n)
	}
	start = time.Now()
	hashes := 0
	var last tlog.RecordProof
	for _, x := range idx {
		p, err := tlog.ProveRecord(n, x, s)
		if err != nil {
			return err
		}
		hashes += len(p)
		last = p
	}
	secs := time.Since(start).Seconds()

	// Check the last proof, so the work above cannot be dead code.
	buf := newLeafBuf()
	fillLeaf(buf, idx[k-1])
	if err := tlog.CheckRecord(last, n, root, idx[k-1], tlog.RecordHash(buf)); err != nil {
		return fmt.Errorf("proof check: %v", err)
	}
	fmt.Printf("mode=prove n=%d k=%d build_seconds=%.2f seconds=%.4f proofs_per_s=%.0f avg_hashes=%.1f root=%s\n",
		n, k, buildSecs, secs, float64(k)/secs, float64(hashes)/float64(k), hex.EncodeToString(root[:]))
	return nil
}

func arg(i int) int64 {
	v, err := strconv.ParseInt(os.Args[i], 10, 64)
	if err != nil || v <= 0 {
		fmt.Fprintf(os.Stderr, "tlogpeer: bad number %q\n", os.Args[i])
		os.Exit(2)
	}
	return v
}

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "integrate":
		err = integrate(arg(2))
	case len(os.Args) == 4 && os.Args[1] == "prove":
		err = prove(arg(2), arg(3))
	default:
		fmt.Fprintln(os.Stderr, "usage: tlogpeer integrate N | tlogpeer prove N K")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tlogpeer:", err)
		os.Exit(1)
	}
}
