/** Queries and the one mutation of the case page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isConflict } from '../../api/client.ts';
import { postAction } from '../queue/api.ts';
import { caseKeys, useCases } from '../queue/hooks.ts';
import { uploadAttachment } from '../report/api.ts';
import { getCase, getEvents } from './api.ts';

export { attachmentUrl } from './api.ts';

export const caseDetailKeys = {
  one: (id: string) => ['cases', 'one', id] as const,
  events: (id: string) => ['cases', 'one', id, 'events'] as const,
};

export function useCase(id: string) {
  return useQuery({
    queryKey: caseDetailKeys.one(id),
    queryFn: ({ signal }) => getCase(id, signal),
  });
}

export function useCaseEvents(id: string) {
  return useQuery({
    queryKey: caseDetailKeys.events(id),
    queryFn: ({ signal }) => getEvents(id, signal),
  });
}

/** Open cases of one category (for the duplicate check); the distance is filtered by the page. */
export function useOpenCasesOfCategory(category: string | undefined) {
  return useCases({
    category,
    status: ['submitted', 'registered', 'dispatched', 'in_progress', 'suspended'],
    limit: 200,
  });
}

/**
 * Takes one step on a case with the version the page showed. Any outcome refreshes the
 * case lists and this case (a 409 means the page was stale: the refetch shows the news).
 */
export function useCaseAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      body: Record<string, unknown>;
      version: number;
      files?: File[];
    }) => {
      const body = { ...input.body };
      if (input.files && input.files.length > 0) {
        const uploaded = [];
        for (const file of input.files) uploaded.push((await uploadAttachment(file)).id);
        body.attachments = uploaded;
      }
      return postAction(id, { ...body, version: input.version });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: caseKeys.all }),
    onError: (error) => {
      if (isConflict(error)) void client.invalidateQueries({ queryKey: caseKeys.all });
    },
  });
}

export { isConflict };
