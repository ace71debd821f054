/** The data path's Kafka APIs: Metadata, Produce, Fetch, ListOffsets and InitProducerId. */
import type { HandlerFactory } from '../types.ts';
import { fetchHandler } from './fetch.ts';
import { initProducerIdHandler } from './init-producer-id.ts';
import { listOffsetsHandler } from './list-offsets.ts';
import { metadataHandler } from './metadata.ts';
import { produceHandler } from './produce.ts';

export const dataHandlers: HandlerFactory[] = [metadataHandler, produceHandler, fetchHandler, listOffsetsHandler, initProducerIdHandler];
