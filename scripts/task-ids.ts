import type { CommandName } from '../src/core/inputs/types.js';

/**
 * The Azure Pipelines task ids. Generated once and pinned forever: the id is how pipelines and the
 * marketplace know a task, so changing one would orphan every pipeline that uses it.
 */
export const TASK_IDS: Readonly<Record<CommandName, string>> = {
  prepare: '74f52d70-f9d2-4152-882c-7b0f6095de9c',
  redeploy: 'fd712f98-24d4-4592-82c7-7a5466681f31',
  'import-artifacts': 'f1b9b58c-c7fb-4747-a53d-0f6139d4a45c',
  'rewire-consumers': '76f5307e-b577-405f-b88b-66e529aa5f4f',
  verify: '767c391b-85af-44d8-8673-231959958b4e',
  'retire-source': '6a2431d1-baa8-4012-bc26-62a7d66ae4c4',
};
