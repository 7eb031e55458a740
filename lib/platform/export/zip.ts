import { once } from 'node:events';
import zlib from 'node:zlib';

/**
 * A ZIP archive written front to back as it is produced (an XLSX is one): each entry is deflated
 * as its bytes come, its sizes and CRC follow it in a data descriptor, the directory comes last.
 * Memory holds the entry names and deflate's window, never an entry. ExcelJS's streaming writer
 * is not used for this: its archive holds a sheet's XML until the sheet is committed, so a
 * 100,000-row sheet sat in memory whole. Entries under 4 GB (no ZIP64).
 */
type Emit = (chunk: Uint8Array) => void;

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

// 1 January 2020 00:00 in DOS format: the entries' times say nothing useful, and a fixed one keeps files comparable.
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
/** Bit 3: sizes and CRC in a descriptor after the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0008 | 0x0800;

export class ZipWriter {
  private offset = 0;
  private readonly entries: Written[] = [];

  constructor(private readonly emit: Emit) {}

  private out(chunk: Uint8Array): void {
    this.offset += chunk.byteLength;
    this.emit(chunk);
  }

  /** Starts an entry; write its bytes with `write`, then `end` it before the next. */
  entry(name: string): ZipEntry {
    const entry: Written = { name: Buffer.from(name, 'utf8'), offset: this.offset, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(entry.name.length, 26);
    this.out(header);
    this.out(entry.name);
    const deflate = zlib.createDeflateRaw({ level: 6 });
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.byteLength;
      this.out(chunk);
    });
    return {
      write: async (text: string) => {
        const bytes = Buffer.from(text, 'utf8');
        entry.crc = zlib.crc32(bytes, entry.crc);
        entry.size += bytes.byteLength;
        if (!deflate.write(bytes)) await once(deflate, 'drain');
      },
      end: async () => {
        const ended = once(deflate, 'end');
        deflate.end();
        await ended;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(entry.crc >>> 0, 4);
        descriptor.writeUInt32LE(entry.compressed, 8);
        descriptor.writeUInt32LE(entry.size, 12);
        this.out(descriptor);
        this.entries.push(entry);
      },
    };
  }

  async file(name: string, text: string): Promise<void> {
    const entry = this.entry(name);
    await entry.write(text);
    await entry.end();
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt16LE(DOS_TIME, 12);
      record.writeUInt16LE(DOS_DATE, 14);
      record.writeUInt32LE(e.crc >>> 0, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE(e.offset, 42);
      this.out(record);
      this.out(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.out(end);
  }
}

export interface ZipEntry {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}
