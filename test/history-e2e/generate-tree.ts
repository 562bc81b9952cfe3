/**
 * A history whose newest conversation is a tree, for the branch benchmark: a generated history (see
 * generate-history.ts) whose long conversation gains `branchPoints` other versions of answers along
 * its main line, each asked on for a few turns, up to `treeMessages` messages in all.
 */
import type { Backup } from '../../renderer/src/history/backup';
import { generateHistory } from './generate-history';

export interface GeneratedTree {
  backup: Backup;
  conversationId: string;
  /** The answers on the main line that have another version, oldest first. */
  branchedAnswers: string[];
  /** Each one's other version, in the same order. */
  otherVersions: string[];
  /** The leaf the conversation shows: the end of its main line. */
  mainLeaf: string;
}

export const generateTree = (options: {
  treeMessages: number;
  branchPoints: number;
  otherMessages: number;
  conversations: number;
  seed: number;
}): GeneratedTree => {
  const perBranch = 5;
  const mainLine = options.treeMessages - options.branchPoints * perBranch;
  if (mainLine < options.branchPoints * 2) throw new Error('too many branch points for the tree');
  const { backup } = generateHistory({
    conversations: options.conversations,
    messages: mainLine + options.otherMessages,
    longConversation: mainLine,
    seed: options.seed,
  });
  const tree = backup.conversations[0];
  if (!tree) throw new Error('no conversation generated');
  const main = tree.messages;
  const branchedAnswers: string[] = [];
  const otherVersions: string[] = [];
  // Branch points spread evenly along the main line, each at an answer: its regeneration (a sibling)
  // and two more turns asked below it.
  const step = Math.floor(mainLine / options.branchPoints / 2) * 2;
  for (let b = 0; b < options.branchPoints; b++) {
    const answer = main[b * step + 1];
    if (!answer || answer.role !== 'assistant') throw new Error('branch point is not an answer');
    branchedAnswers.push(answer.id);
    let parentId = answer.parentId;
    for (let k = 0; k < perBranch; k++) {
      const source = main[(b * step + 1 + k) % mainLine] ?? answer;
      const id = `${tree.id}-b${b}-${k}`;
      // Written a little after the answer it stands beside, so it is the later version.
      const at = answer.createdAt + 1 + k;
      tree.messages.push({
        ...source,
        id,
        parentId,
        role: k % 2 === 0 ? 'assistant' : 'user',
        content: `Version 2: ${source.content}`,
        createdAt: at,
        updatedAt: at,
      });
      if (k === 0) otherVersions.push(id);
      parentId = id;
    }
  }
  const mainLeaf = main[mainLine - 1]?.id ?? '';
  const newest = Math.max(...backup.conversations.map((c) => c.updatedAt));
  // The newest conversation, so app open shows it, on the end of its main line.
  Object.assign(tree, { updatedAt: newest + 1, pinned: true, currentLeafId: mainLeaf });
  return { backup, conversationId: tree.id, branchedAnswers, otherVersions, mainLeaf };
};
