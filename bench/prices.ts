/**
 * Public list prices: the one place the cost model reads them from.
 *
 * As of: late 2026, us-east-1, on-demand, as collected in the project's reference notes
 * (REFERENCE.md). Re-check against the pages in `sources` before depending on a figure, and
 * change the date when you do.
 *
 * Units: AWS prices "GB" of storage and transfer; AWS bills storage per 2^30 bytes, and the
 * reference figures for the peers reproduce only when GB is read as GiB, so every "GB" price
 * here is applied per GiB. A month is 730 hours.
 */
export const PRICES_AS_OF = '2026 (late), us-east-1, on-demand list prices';

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export const AWS_PRICES = {
  s3: {
    /** Standard PUT/COPY/POST/LIST, per 1,000. */
    putPer1000: 0.005,
    /** Standard GET (ranged GETs included), per 1,000. */
    getPer1000: 0.0004,
    storageGbMonth: 0.023,
    deletePer1000: 0,
    /** S3 to Lambda in the same region. */
    transferToLambdaPerGb: 0,
  },
  s3Express: {
    putPer1000: 0.00113,
    getPer1000: 0.00003,
    uploadPerGb: 0.0032,
    retrievePerGb: 0.0006,
    storageGbMonth: 0.11,
  },
  dynamodb: {
    /** On-demand; 1 WRU = one write of up to 1 KB; transactional writes cost 2x. */
    wruPerMillion: 0.625,
    /** On-demand; 1 RRU = one strongly consistent read of up to 4 KB (0.5 eventually consistent, 2 transactional). */
    rruPerMillion: 0.125,
    storageGbMonth: 0.25,
    pitrGbMonth: 0.2,
    /** DynamoDB adds this much to every item's size for storage billing. */
    itemOverheadBytes: 100,
    ttlDeletes: 0,
  },
  lambda: {
    requestsPerMillion: 0.2,
    gbSecondArm64: 0.0000133334,
    gbSecondX86: 0.0000166667,
    /** Memory at which a function gets one full vCPU (AWS Lambda docs). */
    fullVcpuMemoryMb: 1769,
    /**
     * Response streaming: per GB a function streams beyond the first 6 MB of each response (the
     * first 6 MB of every response are free; 100 GiB a month beyond them too, in the free tier,
     * which the model leaves out). The free part is read as 6,000,000 bytes, the smaller reading.
     * The 6 MB rule is in public copies of the pricing page's wording; the rate is not in the
     * reference notes (REFERENCE.md), so re-check it. No fetch within the API's budget reaches it.
     */
    streamedPerGb: 0.008,
    streamedFreeBytesPerResponse: 6_000_000,
  },
  apiGatewayHttp: {
    /** Function URLs cost nothing beyond Lambda; this is the alternative front door. */
    perMillion: 1.0,
    meteredKb: 512,
  },
} as const;

/** Peers' published prices, used to price the same workload on each (bench/cost-model.ts). */
export const PEER_PRICES = {
  kinesisOnDemand: {
    streamHour: 0.04,
    /** Per GB written, each record rounded up to 1 KB. */
    ingestPerGb: 0.08,
    ingestRecordRoundUpBytes: 1024,
    /** Per GB read (standard consumers). */
    retrievalPerGb: 0.04,
    /** Per GB-month stored beyond the 24 h included. */
    extendedRetentionGbMonth: 0.1,
    includedRetentionHours: 24,
  },
  kinesisProvisioned: {
    shardHour: 0.015,
    /** Per million PUT payload units of up to 25 KB each. */
    putUnitsPerMillion: 0.014,
    putUnitBytes: 25 * 1024,
    /** Per shard-hour, for retention beyond 24 h (up to 7 days). */
    extendedRetentionShardHour: 0.02,
    includedRetentionHours: 24,
    shardIngestBytesPerSec: 1_000_000,
    shardIngestRecordsPerSec: 1000,
    shardEgressBytesPerSec: 2_000_000,
  },
  mskServerless: {
    clusterHour: 0.75,
    partitionHour: 0.0015,
    ingestPerGib: 0.1,
    egressPerGib: 0.05,
    storageGibMonth: 0.1,
  },
  confluentBasic: {
    ingressPerGb: 0.05,
    egressPerGb: 0.05,
    storageGbMonth: 0.08,
  },
  warpstreamFundamentals: {
    /** Per GiB written, uncompressed. */
    writtenPerGib: 0.01,
    storedPerGib: 0.01,
    /** The cluster fee: about $504/month in the reference notes (0.69 x 730 = 503.7). */
    clusterHour: 0.69,
  },
} as const;

/** Where each figure comes from; the reference notes copied them from these pages. */
export const PRICE_SOURCES: Record<string, string> = {
  s3: 'https://aws.amazon.com/s3/pricing/ (Standard storage, requests; S3 Express One Zone)',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (WRU, RRU, storage, PITR); item size rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html',
  lambda: 'https://aws.amazon.com/lambda/pricing/ (requests, GB-s arm64/x86; response streaming: "the first 6MB per request" free, then per GB); CPU share: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
  apiGatewayHttp: 'https://aws.amazon.com/api-gateway/pricing/',
  kinesisOnDemand: 'https://aws.amazon.com/kinesis/data-streams/pricing/ (on-demand)',
  kinesisProvisioned: 'https://aws.amazon.com/kinesis/data-streams/pricing/ (provisioned); limits: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html',
  mskServerless: 'https://aws.amazon.com/msk/pricing/ (MSK Serverless)',
  confluentBasic: 'https://www.confluent.io/confluent-cloud/pricing/ (Basic cluster)',
  warpstreamFundamentals: 'https://www.warpstream.com/pricing (Fundamentals)',
};

/** The peers' published figures for the reference workload (REFERENCE.md): the test target. */
export const REFERENCE_PEER_FIGURES = {
  kinesisOnDemand: { monthly: 593, perGib: 0.231 },
  kinesisProvisioned: { monthly: 89, perGib: 0.035 },
  mskServerless: { monthly: 1259, perGib: 0.491 },
  confluentBasic: { monthly: 561, perGib: 0.218 },
  warpstreamFundamentals: { monthly: 535, perGib: 0.209 },
} as const;
