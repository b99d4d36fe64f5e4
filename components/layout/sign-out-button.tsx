import { Button } from "@/components/ui/button";

export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <Button variant="secondary" type="submit">
        Sign out
      </Button>
    </form>
  );
}
