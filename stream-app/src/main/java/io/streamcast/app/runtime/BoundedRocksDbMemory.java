package io.streamcast.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One bound on the native memory of every RocksDB store of the process, as Kafka Streams' memory-management guide
 * recommends: a shared block cache of {@value #TOTAL_BYTES} bytes, which the memtables (at most
 * {@value #MEMTABLE_BYTES} of it) and the index and filter blocks are charged to. By default each store instance of
 * each task takes its own 50 MB cache and up to three 16 MB memtables, so resident memory grew with partitions and
 * stores (6 RocksDB instances with 3 partitions and both pipelines) rather than with the data.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    static final long TOTAL_BYTES = 128L << 20;
    static final long MEMTABLE_BYTES = 48L << 20;
    private static final long MEMTABLE_SIZE = 8L << 20;
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        org.rocksdb.RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_BYTES, -1, false, INDEX_FILTER_RATIO);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed here
    }
}
