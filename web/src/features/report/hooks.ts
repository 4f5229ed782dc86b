/** Mutations of the report feature, and the photos of a draft as they upload. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.ts';
import type { ReportInput } from '../../api/types.ts';
import { reportCase, uploadAttachment } from './api.ts';

/** At most this many photos per report. */
export const MAX_PHOTOS = 6;

/** Sends a report; a new case changes the staff case lists, nothing else. */
export function useReportCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: ReportInput; idempotencyKey: string }) =>
      reportCase(input, idempotencyKey),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

/** One photo of a draft: a local preview, and its upload. */
export interface DraftPhoto {
  key: string;
  file: File;
  previewUrl: string;
  status: 'uploading' | 'done' | 'failed';
  attachmentId?: string;
  error?: ApiError;
}

/**
 * The draft's photos: each uploads as soon as it is added (nothing cached changes until
 * the report links it to a case), shows a preview from the local file, can be removed or
 * retried.
 */
export function usePhotoUploads() {
  const { mutateAsync: uploadFile } = useMutation({
    mutationFn: (file: File) => uploadAttachment(file),
  });
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const counter = useRef(0);
  const live = useRef(photos);
  live.current = photos;

  const patch = useCallback((key: string, change: Partial<DraftPhoto>) => {
    setPhotos((current) => current.map((p) => (p.key === key ? { ...p, ...change } : p)));
  }, []);

  const send = useCallback(
    (key: string, file: File) => {
      uploadFile(file).then(
        (created) => patch(key, { status: 'done', attachmentId: created.id, error: undefined }),
        (error: ApiError) => patch(key, { status: 'failed', error }),
      );
    },
    [uploadFile, patch],
  );

  const add = (files: FileList | File[]) => {
    const room = MAX_PHOTOS - live.current.length;
    const added = [...files].slice(0, Math.max(0, room)).map((file) => ({
      key: `photo-${++counter.current}`,
      file,
      previewUrl: URL.createObjectURL(file),
      status: 'uploading' as const,
    }));
    setPhotos((current) => [...current, ...added]);
    for (const photo of added) send(photo.key, photo.file);
    return files.length - added.length;
  };

  const remove = (key: string) => {
    const photo = live.current.find((p) => p.key === key);
    if (photo) URL.revokeObjectURL(photo.previewUrl);
    setPhotos((current) => current.filter((p) => p.key !== key));
  };

  const retry = (key: string) => {
    const photo = live.current.find((p) => p.key === key);
    if (!photo) return;
    patch(key, { status: 'uploading', error: undefined });
    send(key, photo.file);
  };

  const reset = () => {
    for (const photo of live.current) URL.revokeObjectURL(photo.previewUrl);
    setPhotos([]);
  };

  // Free the previews when the page goes.
  useEffect(
    () => () => {
      for (const photo of live.current) URL.revokeObjectURL(photo.previewUrl);
    },
    [],
  );

  return {
    photos,
    add,
    remove,
    retry,
    reset,
    uploading: photos.filter((p) => p.status === 'uploading').length,
    failed: photos.filter((p) => p.status === 'failed').length,
    attachmentIds: photos.flatMap((p) => (p.attachmentId ? [p.attachmentId] : [])),
  };
}
