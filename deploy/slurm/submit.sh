#!/bin/bash
# Queue the shard array, then the merge to run after all of it succeeded.
set -euo pipefail
cd "$(dirname "$0")"
array=$(sbatch --parsable ingest-array.sbatch)
sbatch --dependency=afterok:"$array" merge.sbatch
