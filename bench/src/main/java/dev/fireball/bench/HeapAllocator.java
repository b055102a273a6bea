package dev.fireball.bench;

import dev.fireball.kernel.ModuleHeap;

/** The common face of the heaps compared in this module: handles are ints, errors are negative. */
public interface HeapAllocator
{
    String name();

    int alloc(int sizeBytes);

    int free(int handle);

    int freeBytes();

    int largestFreeBlock();

    int freeBlockCount();

    int maxAllocSteps();

    int maxFreeSteps();

    static HeapAllocator tlsf(final int heapBytes)
    {
        return of("ModuleHeap (TLSF)", new ModuleHeap(0, heapBytes));
    }

    static HeapAllocator firstFit(final int heapBytes)
    {
        return new FirstFitHeap(heapBytes);
    }

    static HeapAllocator of(final String name, final ModuleHeap heap)
    {
        return new HeapAllocator()
        {
            public String name()
            {
                return name;
            }

            public int alloc(final int sizeBytes)
            {
                return heap.alloc(sizeBytes);
            }

            public int free(final int handle)
            {
                return heap.free(handle);
            }

            public int freeBytes()
            {
                return heap.freeBytes();
            }

            public int largestFreeBlock()
            {
                return heap.largestFreeBlock();
            }

            public int freeBlockCount()
            {
                return heap.freeBlockCount();
            }

            public int maxAllocSteps()
            {
                return heap.maxAllocSteps();
            }

            public int maxFreeSteps()
            {
                return heap.maxFreeSteps();
            }
        };
    }
}
