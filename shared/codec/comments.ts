/**
 * Comments of messages and fields from the file's SourceCodeInfo (present when descriptors come
 * from .proto files or protosets built with source info; reflection usually strips it).
 */
import type { DescField, DescFile, DescMessage } from '@bufbuild/protobuf';

// Field numbers in descriptor.proto that make up SourceCodeInfo location paths.
const fileMessageTypeTag = 4;
const messageNestedTypeTag = 3;
const messageFieldTag = 2;

export function messageComment(desc: DescMessage): string | undefined {
  return commentAt(desc.file, messagePath(desc));
}

export function fieldComment(field: DescField): string | undefined {
  return commentAt(field.parent.file, [
    ...messagePath(field.parent),
    messageFieldTag,
    field.parent.proto.field.indexOf(field.proto),
  ]);
}

function messagePath(desc: DescMessage): number[] {
  if (desc.parent === undefined) return [fileMessageTypeTag, desc.file.proto.messageType.indexOf(desc.proto)];
  return [...messagePath(desc.parent), messageNestedTypeTag, desc.parent.proto.nestedType.indexOf(desc.proto)];
}

const commentsByFile = new WeakMap<DescFile, Map<string, string>>();

function commentAt(file: DescFile, path: number[]): string | undefined {
  let comments = commentsByFile.get(file);
  if (comments === undefined) {
    comments = new Map();
    for (const location of file.proto.sourceCodeInfo?.location ?? []) {
      const text = (location.leadingComments || location.trailingComments).trim();
      if (text !== '') comments.set(location.path.join('.'), text);
    }
    commentsByFile.set(file, comments);
  }
  return comments.get(path.join('.'));
}
